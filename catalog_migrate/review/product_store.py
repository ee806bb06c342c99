"""The retail products of a review session, kept small while the seller reviews.

A session keeps every product to map its listing again (an edit, a mapping changed, the listing on
screen in full). Held as objects, a product with four SKUs takes about 20 KB, half a gigabyte for a
whole shop; its fields pickled and compressed take under 2 KB, read back in a tenth of a millisecond
when needed. The list and the mappings view read a lean copy instead (`lean_product`: no
description, SKUs or images), and the product keys are kept apart, for `A` on thousands.
"""

from __future__ import annotations

import pickle
import threading
import zlib
from collections import OrderedDict
from collections.abc import Iterable, Iterator

from catalog_migrate.model import RetailProduct

# The products read back last: the listing on screen and its neighbours, read again and again.
_RECENT = 32


def lean_product(product: RetailProduct) -> RetailProduct:
    """What the list, search results and mappings view read: the product without its
    description, SKUs and images."""
    if not (product.description or product.variants or product.images):
        return product
    return product.model_copy(update={"description": "", "variants": [], "images": []})


class ProductStore:
    """A list of products, each kept pickled and compressed."""

    def __init__(self, products: Iterable[RetailProduct] = ()) -> None:
        self._packed: list[bytes] = []
        self.keys: list[str] = []
        self._recent: OrderedDict[int, RetailProduct] = OrderedDict()
        self._lock = threading.Lock()  # the mapping thread reads products too
        for product in products:
            self.append(product)

    def append(self, product: RetailProduct) -> None:
        self._packed.append(_pack(product))
        self.keys.append(product.key)

    def __setitem__(self, index: int, product: RetailProduct) -> None:
        packed = _pack(product)
        with self._lock:
            self._packed[index] = packed
            self.keys[index] = product.key
            self._recent.pop(index, None)

    def __getitem__(self, index: int) -> RetailProduct:
        if index < 0:
            index += len(self._packed)
        with self._lock:
            found = self._recent.get(index)
            if found is not None:
                self._recent.move_to_end(index)
                return found
            packed = self._packed[index]
        found = RetailProduct.model_validate(pickle.loads(zlib.decompress(packed)))
        with self._lock:
            self._recent[index] = found
            if len(self._recent) > _RECENT:
                self._recent.popitem(last=False)
        return found

    def __len__(self) -> int:
        return len(self._packed)

    def __iter__(self) -> Iterator[RetailProduct]:
        return (self[index] for index in range(len(self._packed)))


def _pack(product: RetailProduct) -> bytes:
    # Its fields as plain values: a third quicker to pickle and to read back than the model.
    fields = product.model_dump()
    return zlib.compress(pickle.dumps(fields, protocol=pickle.HIGHEST_PROTOCOL), 1)
