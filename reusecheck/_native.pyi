from collections.abc import Callable

from typing_extensions import Buffer

def split_words(text: str, numbers: dict[str, int], missing: Callable[[str], int], /) -> tuple[bytes, bytes]: ...
def lay_out(
    word_starts: Buffer, words: Buffer, first: Buffer, count: Buffer, offset: Buffer, length: Buffer, ids: Buffer,
    keys: list[str], /,
) -> tuple[bytearray, bytearray, bytearray, tuple[str, ...]]: ...
def stem_english(word: str, /) -> str | None: ...
