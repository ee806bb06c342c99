"""The main screen: the list of listings above, the focused listing below, one line of news, keys.

Every change goes through the session (which calls the pipeline and saves at once); the screen
only draws what the session holds and redraws the rows a change touched.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, Static
from textual.worker import get_current_worker

from catalog_migrate.errors import UserError
from catalog_migrate.model import ReviewStatus
from catalog_migrate.review.accept_question import NO, WITH_HELD, YES, AcceptPlan, question_text
from catalog_migrate.review.detail import DetailPane
from catalog_migrate.review.edit_screen import EditScreen
from catalog_migrate.review.fields import BY_NAME, field_text
from catalog_migrate.review.head_first import WholeExportRefused
from catalog_migrate.review.listing_list import ListingList
from catalog_migrate.review.listing_screen import ListingScreen
from catalog_migrate.review.mappings_screen import MappingsScreen
from catalog_migrate.review.notices import plural, say, warn
from catalog_migrate.review.progress_screen import undo_with_progress
from catalog_migrate.review.render import MARKS
from catalog_migrate.review.session import Filter, Outcome, ReviewSession, State
from catalog_migrate.terminal_text import printable

BAR_ORDER = (State.ACCEPTED, State.REJECTED, State.PENDING, State.WARNINGS, State.ERRORS)
MAP_BATCH = 100  # listings added to the screen at a time while the rest are mapped
# How often the line counting the seconds the rest of the export takes is drawn again, and a
# failed save behind the screen is looked for.
TICK_SECONDS = 0.5
MAP_SECONDS = 0.3  # ... or those mapped in this time, when fewer
DETAIL_WAIT = 0.05  # seconds the focused listing waits for the mapper before it is shown lean
DETAIL_RETRY = 0.3
SAID_SECONDS = 4.0  # a key's message stays this long before the mapping progress replaces it
MAPPING_GC_THRESHOLDS = (50_000, 20, 100)
CURSOR_SAVE_DELAY = 1.0  # seconds after the last move; moving fast writes the file once


class ReviewScreen(Screen[None]):
    """The list of listings and the focused listing."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "accept", "Accept"),
        Binding("r", "reject", "Reject"),
        Binding("e", "edit", "Edit"),
        Binding("u", "undo", "Undo"),
        Binding("t", "retranslate", "Re-translate", show=False),
        Binding("n", "attention(1)", "Next"),
        Binding("p", "attention(-1)", "Prev", show=False),
        Binding("A", "accept_all", "Accept all", show=False),
        Binding("m", "mappings", "Mappings"),
        Binding("f", "filter", "Filter", show=False),
        Binding("slash", "search", "Search", show=False),  # handled in `on_key`, listed here
        Binding("escape", "clear_search", "Clear search", show=False),
        Binding("question_mark", "app.help", "Help"),
        Binding("q", "quit_saved", "Quit"),
    ]

    def __init__(
        self,
        session: ReviewSession,
        *,
        map_in_thread: bool = True,
        on_refused: Callable[[UserError], None] | None = None,
    ) -> None:
        super().__init__()
        self.session = session
        # Called when the whole export is refused after its head's listings were shown.
        self._on_refused = on_refused
        self.chosen_filter = Filter.ALL
        self.query_text = ""
        self.ready = False  # every listing is mapped
        self._map_in_thread = map_in_thread
        self._cursor_timer: Timer | None = None
        self._detail_timer: Timer | None = None
        self._said_at = -SAID_SECONDS  # when say() last showed a message
        self._quit_unsaved = False  # q was pressed once while the decisions could not be saved
        self._start: str | None = None  # the product to put the cursor on once it is mapped
        self._shown_upto = 0  # rows of the session the list has been offered so far
        self._asking: AcceptPlan | None = None  # `A`'s question, while it is asked

    def compose(self) -> ComposeResult:
        yield Static(id="bar")
        yield ListingList(lambda: self.session.rows, id="listings")
        yield Static(id="question")  # `A`'s, drawn over the detail pane (a layer of its own)
        yield DetailPane(id="detail")
        yield Input(placeholder="search titles and SKUs; Enter applies, Escape clears", id="search")
        yield Static(id="message")
        yield Footer()

    # -- start-up: map everything once, showing the listings as they come -----------------------

    def on_mount(self) -> None:
        starting = Text(f"reading and mapping {printable(self.session.input_path.name)}...")
        self.query_one("#message", Static).update(starting)
        self._draw_bar()
        self._start = self.session.decisions.cursor
        self.query_one(ListingList).focus()
        self.set_interval(TICK_SECONDS, self._tick)
        if self._map_in_thread:
            gc.freeze()  # the export as read; see _progress
            self.run_worker(self._map_all, thread=True, name="map-all", exit_on_error=True)
        else:
            self.session.map_all()
            self._progress(len(self.session.rows), self.session.total)
            self._loaded()

    def _map_all(self) -> None:
        call = self.app.call_from_thread
        worker = get_current_worker()
        # Mapping makes many small objects with no cycles: rarer collections (as `convert`
        # does) leave more of the time to mapping.
        thresholds = gc.get_threshold()
        gc.set_threshold(*MAPPING_GC_THRESHOLDS)
        try:
            self.session.map_all(
                lambda done, total: call(self._progress, done, total),
                MAP_BATCH,
                stop=lambda: worker.is_cancelled,
                seconds=MAP_SECONDS,
            )
        except WholeExportRefused as exc:  # shown from its head, refused as a whole
            if not worker.is_cancelled and self._on_refused is not None:
                call(self._on_refused, exc.refusal)
            elif not worker.is_cancelled:
                call(self._failed, str(exc.refusal))
            return
        except UserError as exc:  # the export turned out unreadable past its first product
            if not worker.is_cancelled:
                call(self._progress, len(self.session.rows), None)  # those mapped are shown
                call(self._failed, str(exc))
            return
        finally:
            gc.set_threshold(*thresholds)
        if not worker.is_cancelled:
            call(self._loaded)

    def _progress(self, done: int, total: int | None) -> None:
        """Show the listings mapped so far (those the filter and search let through)."""
        # The listings live as long as the session: leaving them out of the cycle collector's
        # full passes keeps those from pausing the screen for seconds on a whole shop (they
        # scan every object, and 25,000 listings are millions). Replaced ones are still freed.
        gc.freeze()
        table = self.query_one(ListingList)
        revised = self.session.take_revised()
        if revised:  # the whole export gave other products than its head for these rows
            table.redraw(sorted(revised))
            self._draw_detail()
        new = range(self._shown_upto, done)
        self._shown_upto = done
        if self.chosen_filter is Filter.ALL and not self.query_text:
            table.extend(new)
        else:
            table.extend(self.session.visible(self.chosen_filter, self.query_text, new))
        if self._start is not None:
            index = self.session.index_of(self._start)
            if index is not None and index < done:
                if table.cursor_row == 0:  # the seller has not moved yet
                    table.go_to(index)
                self._start = None
        self._draw_bar()
        if total is None or done < total:
            self._show_progress(done)

    def _show_progress(self, done: int) -> None:
        since = self.session.reading_rest_since
        if since is not None:
            name = printable(self.session.input_path.name)
            line = (
                f"{plural(done, 'listing')} shown; checking and reading the rest of {name}... "
                f"{time.monotonic() - since:.0f} s; a, r, e, u work already"
            )
        else:
            share = self.session.share_read()
            read = f", {share:.0%} read" if share is not None else ""
            line = f"mapping: {plural(done, 'listing')} so far{read}; a, r, e, u work already"
        # Not say(): a progress line is never worth a notification, however narrow the screen;
        # and what a key just said stays a while before progress replaces it.
        if time.monotonic() - self._said_at >= SAID_SECONDS:
            message = self.query_one("#message", Static)
            message.update(Text(line, no_wrap=True, overflow="ellipsis"))

    def _tick(self) -> None:
        """While the rest of the export is read, no listing comes: count its seconds. And say
        when a save behind the screen failed."""
        if self.session.reading_rest_since is not None and not self.ready:
            self._show_progress(len(self.session.rows))
        warn(self, self.session.save_warning())

    def _failed(self, message: str) -> None:
        self.say(f"reading stopped: {message}")
        warn(self, f"reading stopped: {message}")

    def _loaded(self) -> None:
        self.ready = True
        self._start = None
        self._draw_bar()
        self._draw_detail()
        unreadable = sum(1 for issue in self.session.source_issues if issue.is_error) + sum(
            len(row.product.rejected) for row in self.session.rows
        )
        said = f"{len(self.session.rows):,} listings mapped"
        if unreadable == 1:
            said += "; 1 export row unreadable (convert's report lists it)"
        elif unreadable:
            said += f"; {unreadable:,} export rows unreadable (convert's report lists them)"
        self.say(said)
        for notice in self.session.notices:
            self.app.notify(printable(notice), severity="warning", timeout=12, markup=False)

    # -- drawing --------------------------------------------------------------------------------

    def say(self, message: str) -> None:
        self._said_at = time.monotonic()
        say(self, self.query_one("#message", Static), message)

    def _rebuild(self, keep: int | None) -> None:
        self._shown_upto = len(self.session.rows)
        order = self.session.visible(self.chosen_filter, self.query_text)
        self.query_one(ListingList).show(order, keep)
        self._draw_bar()
        self._draw_detail()

    def _redraw(self, outcome: Outcome) -> None:
        self.query_one(ListingList).redraw(outcome.rows)
        self._draw_bar()
        self._draw_detail()
        self.say(outcome.message)
        warn(self, outcome.warning)

    def _draw_bar(self) -> None:
        counts = self.session.counts()
        marks = "  ".join(f"{MARKS[state][0]} {counts[state]:,}" for state in BAR_ORDER)
        shown = len(self.query_one(ListingList).order)
        mapped = len(self.session.rows)
        of = f"{mapped:,}" if self.session.complete else f"{mapped:,} so far"
        where = f"{self.session.input_path.name}: {shown:,} of {of}"
        where += f"  {self.session.pending():,} to decide"
        # The filter and search before the marks: on a narrow screen the marks are cut, not them.
        if self.chosen_filter is not Filter.ALL:
            where += f"  [{self.chosen_filter.value}]"
        if self.query_text:
            where += f'  /"{self.query_text}"'
        bar = Text(printable(f"{where}  {marks}"), no_wrap=True, overflow="ellipsis")
        self.query_one("#bar", Static).update(bar)

    def _draw_detail(self) -> None:
        index = self.current()
        if index is None:
            self.query_one(DetailPane).show(None)
            return
        row = self.session.full_row(index, wait=DETAIL_WAIT)
        if row is None:  # the mapping thread is in a slow product (a translation engine)
            row = self.session.with_product(index)  # now; its provenance once the mapper is free
            if self._detail_timer is not None:
                self._detail_timer.stop()
            self._detail_timer = self.set_timer(DETAIL_RETRY, self._draw_detail)
        self.query_one(DetailPane).show(row)

    def current(self) -> int | None:
        """The highlighted listing (every row shown is mapped, even while the rest are not)."""
        return self.query_one(ListingList).current()

    def _still_mapping(self) -> bool:
        """For the keys that work on every listing (accept all, mappings): they wait."""
        if not self.ready:
            self.say(
                f"still mapping ({len(self.session.rows):,} so far): accepting all and "
                "mappings wait until every listing is mapped"
            )
        return not self.ready

    def on_listing_list_highlighted(self, event: ListingList.Highlighted) -> None:
        event.stop()
        self._draw_detail()
        if self._cursor_timer is not None:
            self._cursor_timer.stop()
        self._cursor_timer = self.set_timer(CURSOR_SAVE_DELAY, self._save_cursor)

    def on_listing_list_selected(self, event: ListingList.Selected) -> None:
        """Enter on a listing shows all of it, wrapped: an 80-column pane cuts long fields."""
        event.stop()
        index = self.current()
        if index is not None:
            row = self.session.full_row(index)  # its SKUs too; waits for the mapper if it must
            self.app.push_screen(ListingScreen(row or self.session.rows[index]))

    def _save_cursor(self) -> None:
        index = self.current()
        if index is not None:
            warn(self, self.session.remember_cursor(index))

    # -- keys -----------------------------------------------------------------------------------

    def action_accept(self) -> None:
        self._decide("accepted")

    def action_reject(self) -> None:
        self._decide("rejected")

    def _decide(self, status: ReviewStatus) -> None:
        index = self.current()
        if index is None:
            return
        # The title the listing goes out with, as the list shows it (the retail one if none).
        listing = self.session.rows[index].listing
        title = listing.title if listing is not None else self.session.rows[index].product.title
        outcome = self.session.decide([index], status, f"{status}: {title}")
        self._redraw(outcome)
        if not outcome.ok:
            return
        table = self.query_one(ListingList)
        if table.has_focus and table.cursor_row < len(table.order) - 1:
            table.move_cursor(row=table.cursor_row + 1)

    def action_accept_all(self) -> None:
        if self._still_mapping():
            return
        ready, held = self.session.accept_plan()
        if not ready and not held:
            self.say("no pending listing to accept")
            return
        self._asking = AcceptPlan(ready, held)
        question = self.query_one("#question", Static)
        question.update(question_text(self._asking))
        self.add_class("asking")

    def _answer(self, key: str) -> None:
        """A key typed while `A`'s question is asked: its answers act, other keys wait."""
        plan = self._asking
        if plan is None:
            return
        if key not in YES and key not in NO and key != WITH_HELD:
            return
        if key in YES and not plan.ready:
            return  # nothing is ready: the question offers w and n only
        self._asking = None
        self.remove_class("asking")
        if key in NO:
            self.say("nothing accepted")
            return
        # Nothing changes while the question is asked: the plan it counted is the one done.
        with_held = key == WITH_HELD
        outcome = self.session.accept_all_ready(with_held=with_held, plan=(plan.ready, plan.held))
        self._redraw(outcome)

    def action_edit(self) -> None:
        index = self.current()
        if index is None:
            return
        name = self.query_one(DetailPane).focused_field
        field = BY_NAME[name]
        if not field.editable:
            self.say(f"{field.label} comes from the profile; it cannot be edited here")
            return
        row = self.session.rows[index]
        suggestions: list[str] = []
        completions: list[str] = []
        if name == "category":
            completions = self.session.known_categories()
            suggestions = self.session.category_suggestions(row.product.category, row.product.title)

        def submit(text: str) -> Outcome:
            return self.session.edit(index, name, text)

        title = f"{field.label}: {row.product.title}"
        value = field_text(row.listing, name)
        self.app.push_screen(
            EditScreen(title, field.hint, value, submit, suggestions, completions), self._edited
        )

    def _edited(self, outcome: Outcome | None) -> None:
        if outcome is not None:
            self._redraw(outcome)

    def action_retranslate(self) -> None:
        index = self.current()
        if index is not None:
            self._redraw(self.session.retranslate(index))

    def action_undo(self) -> None:
        undo_with_progress(self, self.session, self._redraw)

    def action_attention(self, step: int) -> None:
        index = self.current()
        table = self.query_one(ListingList)
        found = self.session.next_attention(table.order, index if index is not None else -1, step)
        if found is None:
            self.say("no more listings need attention in this direction")
        else:
            table.go_to(found)

    def action_mappings(self) -> None:
        if not self._still_mapping():
            self.app.push_screen(MappingsScreen(self.session), self._mapped)

    def _mapped(self, changed: set[int] | None) -> None:
        if changed:
            self.query_one(ListingList).redraw(changed)
            self.say(f"{len(changed)} listings re-mapped by mapping changes")
        self._draw_bar()
        self._draw_detail()

    def action_filter(self) -> None:
        choices = list(Filter)
        self.chosen_filter = choices[(choices.index(self.chosen_filter) + 1) % len(choices)]
        self._rebuild(self.current())
        self.say(f"showing {self.chosen_filter.value} listings (f: next filter)")

    def action_search(self) -> None:
        search = self.query_one("#search", Input)
        search.add_class("shown")
        search.value = self.query_text
        search.focus()

    def action_clear_search(self) -> None:
        """Escape on the list: show every listing again (the search the bar shows is dropped)."""
        if self.query_text:
            self._end_search("")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "search":
            return
        self._end_search(event.value)

    def on_key(self, event: events.Key) -> None:
        """Keys reach the screen in the order typed (bindings act later, in the app), so `/` is
        acted on here: the letters typed right after it, before the search box has the focus
        (Textual moves it a moment later), then go into the box, not to the list's keys. The
        box keeps what is typed in it, so a letter that reaches the screen while it is shown is
        one of those."""
        search = self.query_one("#search", Input)
        if self._asking is not None:
            self._answer(event.key)
        elif event.key == "escape" and search.has_focus:
            self._end_search("")
        elif search.has_class("shown") and event.is_printable:
            search.insert_text_at_cursor(event.character or "")
        elif event.key == "slash":
            self.action_search()
        else:
            return
        event.stop()
        event.prevent_default()

    def _end_search(self, text: str) -> None:
        search = self.query_one("#search", Input)
        search.remove_class("shown")
        self.query_text = text.strip()
        self._rebuild(self.current())
        self.query_one(ListingList).focus()
        shown = len(self.query_one(ListingList).order)
        self.say(
            f'{shown:,} {"listing matches" if shown == 1 else "listings match"} "{self.query_text}"'
            if self.query_text
            else "search cleared"
        )

    def action_quit_saved(self) -> None:
        self._save_cursor()
        warn(self, self.session.finish_saving())
        if self.session.unsaved_decisions and not self._quit_unsaved:
            warning = self.session.save_decisions()
            if warning:
                self._quit_unsaved = True
                warn(self, f"{warning}; press q again to quit without them")
                return
        self.app.exit()
