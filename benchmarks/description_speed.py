"""Time per product description: parse, sanitise and read specifications, as mapping does.

The descriptions are the benchmark export's (generate_export.py): about 1.2 KB of seller HTML with
paragraphs, a `Key: Value` list, a two-column table and `<br>` lines. Run from the repository root
with the project installed: `python benchmarks/description_speed.py [--count N] [--repeat N]`.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Sequence

from generate_export import PROPERTIES, make_product

from catalog_migrate import profile as profiles
from catalog_migrate.mapping.description import parse_description, sanitise
from catalog_migrate.mapping.notes import Notes
from catalog_migrate.mapping.specs import compile_spec_rules, map_specs
from catalog_migrate.model import Attribute, RetailProduct


def products(count: int, seed: int) -> list[RetailProduct]:
    rng = random.Random(seed)
    made = []
    for index in range(count):
        product = make_product(rng, index, 4)
        made.append(
            RetailProduct(
                key=product.product_id,
                product_id=product.product_id,
                title=product.name,
                description=product.description,
                attributes=[
                    Attribute(name=label, value=value, source=f"product_property/{attribute_id}")
                    for (attribute_id, label), value in zip(
                        PROPERTIES, product.properties, strict=True
                    )
                ],
            )
        )
    return made


def time_per_description(items: list[RetailProduct], repeat: int) -> dict[str, float]:
    """Median over `repeat` passes of the time per description, in milliseconds, per step."""
    rules = compile_spec_rules(profiles.load("default"))
    samples: dict[str, list[float]] = {"parse": [], "sanitise": [], "specs": [], "total": []}
    for _ in range(repeat):
        clock = time.perf_counter
        spent = {"parse": 0.0, "sanitise": 0.0, "specs": 0.0}
        for product in items:
            started = clock()
            parsed = parse_description(product.description)
            parsed_at = clock()
            map_specs(product, parsed, rules, Notes(product_key=product.key))
            specs_at = clock()
            sanitise(parsed)
            done = clock()
            spent["parse"] += parsed_at - started
            spent["specs"] += specs_at - parsed_at
            spent["sanitise"] += done - specs_at
        spent_total = sum(spent.values())
        for step, seconds in [*spent.items(), ("total", spent_total)]:
            samples[step].append(seconds * 1000 / len(items))
    return {step: statistics.median(values) for step, values in samples.items()}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--count", type=int, default=2000, help="descriptions (default 2000)")
    parser.add_argument("--repeat", type=int, default=5, help="passes; medians shown (default 5)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    items = products(args.count, args.seed)
    size = statistics.mean(len(product.description) for product in items)
    figures = time_per_description(items, args.repeat)
    print(f"{args.count} descriptions of {size:.0f} characters on average, {args.repeat} passes")
    labels = {
        "parse": "parse_description",
        "sanitise": "sanitise",
        "specs": "map_specs",
        "total": "total",
    }
    for step, label in labels.items():
        print(f"{label:>17}: {figures[step]:.3f} ms per description")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
