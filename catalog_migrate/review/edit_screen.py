"""A small dialog to type one value. The caller's `submit` applies it; a refusal keeps the dialog
open with the rule's message, so nothing changes until a value is accepted or Escape is pressed.

The title, value and suggestions can come from the export: they are shown through `printable`, as
Text (never markup), so a control character in them is seen, not obeyed."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, OptionList, Static

from catalog_migrate.review.progress_screen import LongChange, ProgressScreen
from catalog_migrate.review.session import Outcome
from catalog_migrate.terminal_text import printable


class EditScreen(ModalScreen[Outcome | None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        title: str,
        hint: str,
        value: str,
        submit: Callable[[str], Outcome | LongChange],
        suggestions: Sequence[str] = (),
        completions: Sequence[str] = (),
    ) -> None:
        super().__init__()
        self._title = title
        self._hint = hint
        self._value = value
        self._submit = submit
        self._suggestions = list(suggestions)
        self._completions = list(completions)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            title = Text(printable(self._title), no_wrap=True, overflow="ellipsis")
            yield Static(title, id="dialog-title")
            yield Static(Text(self._hint), id="dialog-hint")
            suggester = SuggestFromList(self._completions, case_sensitive=False)
            yield Input(
                printable(self._value),
                id="value",
                suggester=suggester if self._completions else None,
            )
            if self._suggestions:
                yield Static("Suggestions (Tab, then Enter to use one):", id="suggestions-title")
                prompts = [Text(printable(suggestion)) for suggestion in self._suggestions]
                yield OptionList(*prompts, id="suggestions")
            yield Static("", id="dialog-error")
            yield Static("Enter: save   Escape: cancel", id="dialog-keys")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        result = self._submit(event.value)
        if isinstance(result, LongChange):  # runs behind a progress box, then comes back here
            screen = ProgressScreen(result.what, result.count, result.job)
            self.app.push_screen(screen, self._done)
            return
        self._done(result)

    def _done(self, outcome: Outcome | None) -> None:
        if outcome is None:
            return
        if outcome.ok:
            self.dismiss(outcome)
        else:
            self.query_one("#dialog-error", Static).update(Text(printable(outcome.message)))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        field = self.query_one(Input)
        field.value = printable(self._suggestions[event.option_index])
        field.focus()

    def action_cancel(self) -> None:
        self.dismiss(None)
