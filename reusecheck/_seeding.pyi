import numpy as np

# arrays: C-contiguous, int64 (ids uint64, idf float64)
def sentence_terms(
    cand_ids: np.ndarray, src_ids: np.ndarray, cand_starts: np.ndarray, src_starts: np.ndarray, /
) -> tuple[bytearray, bytearray]: ...
def sentence_pairs(
    cand_starts: np.ndarray, cand_terms: np.ndarray, src_starts: np.ndarray, src_terms: np.ndarray, idf: np.ndarray,
    rows: np.ndarray, columns: np.ndarray, cosine_floor: float, dice_floor: float, /,
) -> tuple[bytearray, bytearray, bytearray, bytearray]: ...
def sentence_starts(text: str, starts: np.ndarray, ends: np.ndarray, /) -> bytearray: ...
