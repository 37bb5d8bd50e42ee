"""Go's sort.Sort: pattern-defeating quicksort (Go >= 1.19), not stable, but deterministic: the
same input in the same order always comes out in the same order. Ports that sort with
sort.Sort use this, so that rows with equal keys (kubectl top node --sort-by) come out in
Go's order, not Python's stable one.

`data` is anything with Len(), Less(i, j) and Swap(i, j), like Go's sort.Interface.
Read from golang/go go1.24.4 (identical in go1.19.8's and go1.27's zsortinterface.go; sort.go's
xorshift is the go1.20+ one: <<13, >>7, <<17).
"""

from __future__ import annotations

from typing import Protocol

from ports.go.builtin import uint64
from ports.provenance import upstream

REF = "golang/go@go1.24.4 src/sort/zsortinterface.go"

unknownHint, increasingHint, decreasingHint = 0, 1, 2


class Interface(Protocol):
    def Len(self) -> int: ...
    def Less(self, i: int, j: int) -> bool: ...
    def Swap(self, i: int, j: int) -> None: ...


@upstream("golang/go@go1.24.4 src/sort/sort.go:48-55")
def Sort(data: Interface) -> None:
    n = data.Len()
    if n <= 1:
        return
    limit = n.bit_length()  # bits.Len(uint(n))
    pdqsort(data, 0, n, limit)


class xorshift:
    @upstream("golang/go@go1.24.4 src/sort/sort.go:65-73")
    def __init__(self, seed: int) -> None:
        self.r = uint64(seed)

    def Next(self) -> int:
        r = self.r
        r = uint64(r ^ (r << 13))
        r ^= r >> 7
        r = uint64(r ^ (r << 17))
        self.r = r
        return r


@upstream("golang/go@go1.24.4 src/sort/sort.go:75-78")
def nextPowerOfTwo(length: int) -> int:
    return 1 << length.bit_length()


@upstream(f"{REF}:10-16")
def insertionSort(data: Interface, a: int, b: int) -> None:
    for i in range(a + 1, b):
        j = i
        while j > a and data.Less(j, j - 1):
            data.Swap(j, j - 1)
            j -= 1


@upstream(f"{REF}:20-36")
def siftDown(data: Interface, lo: int, hi: int, first: int) -> None:
    root = lo
    while True:
        child = 2 * root + 1
        if child >= hi:
            return
        if child + 1 < hi and data.Less(first + child, first + child + 1):
            child += 1
        if not data.Less(first + root, first + child):
            return
        data.Swap(first + root, first + child)
        root = child


@upstream(f"{REF}:38-52")
def heapSort(data: Interface, a: int, b: int) -> None:
    first, lo, hi = a, 0, b - a
    for i in range((hi - 1) // 2, -1, -1):
        siftDown(data, i, hi, first)
    for i in range(hi - 1, -1, -1):
        data.Swap(first, first + i)
        siftDown(data, lo, i, first)


@upstream(f"{REF}:61-131")
def pdqsort(data: Interface, a: int, b: int, limit: int) -> None:
    maxInsertion = 12
    wasBalanced = True  # the last partitioning was reasonably balanced
    wasPartitioned = True  # the slice was already partitioned
    while True:
        length = b - a
        if length <= maxInsertion:
            insertionSort(data, a, b)
            return
        if limit == 0:  # too many bad pivots: heapsort
            heapSort(data, a, b)
            return
        if not wasBalanced:
            breakPatterns(data, a, b)
            limit -= 1
        pivot, hint = choosePivot(data, a, b)
        if hint == decreasingHint:
            reverseRange(data, a, b)
            pivot = (b - 1) - (pivot - a)
            hint = increasingHint
        if wasBalanced and wasPartitioned and hint == increasingHint:  # noqa: SIM102 (Go's shape)
            if partialInsertionSort(data, a, b):
                return
        # the pivot equals the element before the range: every element <= it goes left
        if a > 0 and not data.Less(a - 1, pivot):
            a = partitionEqual(data, a, b, pivot)
            continue
        mid, alreadyPartitioned = partition(data, a, b, pivot)
        wasPartitioned = alreadyPartitioned
        leftLen, rightLen = mid - a, b - mid
        balanceThreshold = length // 8
        if leftLen < rightLen:
            wasBalanced = leftLen >= balanceThreshold
            pdqsort(data, a, mid, limit)
            a = mid + 1
        else:
            wasBalanced = rightLen >= balanceThreshold
            pdqsort(data, mid + 1, b, limit)
            b = mid


@upstream(f"{REF}:135-171")
def partition(data: Interface, a: int, b: int, pivot: int) -> tuple[int, bool]:
    data.Swap(a, pivot)
    i, j = a + 1, b - 1
    while i <= j and data.Less(i, a):
        i += 1
    while i <= j and not data.Less(j, a):
        j -= 1
    if i > j:
        data.Swap(j, a)
        return j, True
    data.Swap(i, j)
    i += 1
    j -= 1
    while True:
        while i <= j and data.Less(i, a):
            i += 1
        while i <= j and not data.Less(j, a):
            j -= 1
        if i > j:
            break
        data.Swap(i, j)
        i += 1
        j -= 1
    data.Swap(j, a)
    return j, False


@upstream(f"{REF}:173-193")
def partitionEqual(data: Interface, a: int, b: int, pivot: int) -> int:
    data.Swap(a, pivot)
    i, j = a + 1, b - 1
    while True:
        while i <= j and not data.Less(a, i):
            i += 1
        while i <= j and data.Less(a, j):
            j -= 1
        if i > j:
            break
        data.Swap(i, j)
        i += 1
        j -= 1
    return i


@upstream(f"{REF}:195-237")
def partialInsertionSort(data: Interface, a: int, b: int) -> bool:
    maxSteps = 5  # adjacent out-of-order pairs shifted at most
    shortestShifting = 50  # no shifting on short ranges
    i = a + 1
    for _ in range(maxSteps):
        while i < b and not data.Less(i, i - 1):
            i += 1
        if i == b:
            return True
        if b - a < shortestShifting:
            return False
        data.Swap(i, i - 1)
        if i - a >= 2:  # the smaller one to the left
            j = i - 1
            while j >= 1:
                if not data.Less(j, j - 1):
                    break
                data.Swap(j, j - 1)
                j -= 1
        if b - i >= 2:  # the greater one to the right
            j = i + 1
            while j < b:
                if not data.Less(j, j - 1):
                    break
                data.Swap(j, j - 1)
                j += 1
    return False


@upstream(f"{REF}:240-257")
def breakPatterns(data: Interface, a: int, b: int) -> None:
    length = b - a
    if length >= 8:
        random = xorshift(length)
        modulus = nextPowerOfTwo(length)
        idx = a + (length // 4) * 2 - 1
        while idx <= a + (length // 4) * 2 + 1:
            other = random.Next() & (modulus - 1)  # int(uint(random.Next()) & (modulus - 1))
            if other >= length:
                other -= length
            data.Swap(idx, a + other)
            idx += 1


@upstream(f"{REF}:261-296")
def choosePivot(data: Interface, a: int, b: int) -> tuple[int, int]:
    shortestNinther = 50
    maxSwaps = 4 * 3
    n = b - a
    swaps = [0]
    i = a + n // 4 * 1
    j = a + n // 4 * 2
    k = a + n // 4 * 3
    if n >= 8:
        if n >= shortestNinther:  # Tukey's ninther
            i = medianAdjacent(data, i, swaps)
            j = medianAdjacent(data, j, swaps)
            k = medianAdjacent(data, k, swaps)
        j = median(data, i, j, k, swaps)
    if swaps[0] == 0:
        return j, increasingHint
    if swaps[0] == maxSwaps:
        return j, decreasingHint
    return j, unknownHint


@upstream(f"{REF}:298-304")
def order2(data: Interface, a: int, b: int, swaps: list[int]) -> tuple[int, int]:
    if data.Less(b, a):
        swaps[0] += 1
        return b, a
    return a, b


@upstream(f"{REF}:307-312")
def median(data: Interface, a: int, b: int, c: int, swaps: list[int]) -> int:
    a, b = order2(data, a, b, swaps)
    b, c = order2(data, b, c, swaps)
    a, b = order2(data, a, b, swaps)
    return b


@upstream(f"{REF}:315-317")
def medianAdjacent(data: Interface, a: int, swaps: list[int]) -> int:
    return median(data, a - 1, a, a + 1, swaps)


@upstream(f"{REF}:319-327")
def reverseRange(data: Interface, a: int, b: int) -> None:
    i, j = a, b - 1
    while i < j:
        data.Swap(i, j)
        i += 1
        j -= 1
