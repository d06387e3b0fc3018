/* The compiled core of seeding and of the check path's lookups (optional: reusecheck/seeds.py,
 * fingerprint.py, align.py, arrays.py and postings.py fall back to numpy and Python, with the
 * same results to the last bit: the same sums in the same order).
 *
 * sentence_terms(cand_ids, src_ids, cand_starts, src_starts) -> (terms, frequencies)
 *
 * Each token's term: the place of its id (uint64) among the distinct ids of both texts,
 * sorted (candidate tokens first, then source tokens, int64); and per term the number of
 * sentences of both texts holding it (int64). A text's sentences are given by the token
 * index where each starts, its token count last (int64).
 *
 * ngram_hashes(ids, n) -> hashes
 *
 * `reusecheck.fingerprint.ngram_hashes`: the 64-bit hash of every run of n token ids.
 *
 * held_ngrams(ids, joined, lengths, n) -> held
 *
 * `reusecheck.fingerprint.held_ngrams`: per n-gram of ids, does one of the texts (their ids
 * joined, and their lengths) hold an n-gram of the same hash (bool bytes)?
 *
 * seed_runs(cand_hashes, src_hashes, max_repeats, n) -> runs
 *
 * The exact runs of `reusecheck.seeds.exact_runs(*seed_pairs(...))`: every (candidate
 * position, source position) whose n-gram hashes (uint64) are equal, hashes found more than
 * max_repeats times in the source left out, merged along diagonals into runs of consecutive
 * positions; (cand_start, src_start, length, length) int64 rows, by diagonal then start.
 *
 * key_table() -> table; unpack_tokens(data, table, missing) -> (starts, ends, keys, ids)
 *
 * `reusecheck.index.TokenReader.unpack` after decompressing: the stored count, start steps
 * and lengths (int32) and keys (joined by NUL); each key's str and id from the table of the
 * keys met before (a capsule), else decoded and given its id by `missing(key)`.
 *
 * sentence_starts(text, starts, ends) -> starts
 *
 * `reusecheck.seeds.sentence_starts`: the token indices where sentences start (after a
 * full stop, question or exclamation mark or a blank line between two tokens), 0 first and
 * the token count last.
 *
 * sentence_pairs(cand_starts, cand_terms, src_starts, src_terms, idf, rows, columns,
 *                cosine_floor, dice_floor) -> (cand_sentences, src_sentences, cosines, dices)
 *
 * Each sentence is a tf-idf vector over its distinct terms (weight: count times idf); the
 * pairs (rows[k], columns[k]) are compared by cosine and by Dice of their term sets. Of
 * the pairs whose cosine exceeds cosine_floor and Dice dice_floor, each candidate sentence
 * keeps the one of highest cosine (then the lowest source sentence). Returns those pairs
 * by candidate sentence: the sentence numbers (int64) and cosine and Dice (float64).
 *
 * chain_runs(runs, paraphrased, n, max_gap, paraphrase_gap, similar) -> (chain_of, bounds, order)
 *
 * `reusecheck.align.chain_runs`: greedy colinear chaining of the runs (int64 rows of
 * cand_start, src_start, cand_length, src_length, by cand_start), each joining the open
 * chain it continues most closely; a long gap's words are judged by `similar(i1, i, j1, j)`
 * (Python: idf sums in numpy's order). Per run its chain (numbered as opened), per chain
 * i0, i1, j0, j1, and the chains in the order they closed.
 *
 * postings_ranges(hashes, starts, seeds) -> (lo, hi)
 *
 * `reusecheck.postings`' held postings: per seed (int64) the range of the sorted hashes
 * equal to it (np.searchsorted left and right), searched only in its bucket: the 2**k
 * buckets split the hashes by their top k bits (as unsigned, the sign bit flipped, which
 * keeps the signed order), starts[b] the first place of bucket b, the hash count last.
 *
 * members(values, ordered) -> found
 *
 * `reusecheck.arrays.members` for uint64 arrays: per value, is it in ordered (sorted)? (Sorted
 * values are found in one walk along both arrays, others by binary search.)
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
/* no fused multiply-add: every product rounded as numpy rounds it (same results everywhere) */
#if defined(__clang__)
#pragma clang fp contract(off)
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

/* Sorts values[0..n) (uint64) carrying their tags along (if any): LSD radix sort, a byte a
 * pass, through the scratch arrays (of n each). */
static void radix_sort(uint64_t *values, int64_t *tags, uint64_t *scratch_values, int64_t *scratch_tags, Py_ssize_t n)
{
    if (n == 0) {
        return;
    }
    for (int shift = 0; shift < 64; shift += 8) {
        Py_ssize_t count[257] = {0};
        for (Py_ssize_t k = 0; k < n; k++) {
            count[((values[k] >> shift) & 0xff) + 1]++;
        }
        if (count[((values[0] >> shift) & 0xff) + 1] == n) {
            continue; /* every value has this byte: the pass would not move anything */
        }
        for (int b = 0; b < 256; b++) {
            count[b + 1] += count[b];
        }
        for (Py_ssize_t k = 0; k < n; k++) {
            Py_ssize_t to = count[(values[k] >> shift) & 0xff]++;
            scratch_values[to] = values[k];
            if (tags != NULL) {
                scratch_tags[to] = tags[k];
            }
        }
        memcpy(values, scratch_values, (size_t)n * sizeof(uint64_t));
        if (tags != NULL) {
            memcpy(tags, scratch_tags, (size_t)n * sizeof(int64_t));
        }
    }
}

/* An open-addressing table from uint64 hashes (spread in their low bits) to their places
 * 0, 1, ... in order of first sight. */
typedef struct {
    int64_t *slots;
    uint64_t *hashes;
    Py_ssize_t room, size;
} Table;

static int table_new(Table *table, Py_ssize_t most)
{
    table->room = 16;
    while (table->room < 2 * most) {
        table->room *= 2;
    }
    table->size = 0;
    table->slots = PyMem_Malloc((size_t)table->room * sizeof(int64_t));
    table->hashes = PyMem_Malloc((size_t)(most ? most : 1) * sizeof(uint64_t));
    if (table->slots == NULL || table->hashes == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t k = 0; k < table->room; k++) {
        table->slots[k] = -1;
    }
    return 0;
}

static void table_free(Table *table)
{
    PyMem_Free(table->slots);
    PyMem_Free(table->hashes);
}

/* The hash's place, added when `add` (else -1 for a hash not there). */
static int64_t table_place(Table *table, uint64_t hash, int add)
{
    Py_ssize_t at = (Py_ssize_t)(hash & (uint64_t)(table->room - 1));
    while (table->slots[at] >= 0 && table->hashes[table->slots[at]] != hash) {
        at = (at + 1) & (table->room - 1);
    }
    if (table->slots[at] < 0 && add) {
        table->slots[at] = table->size;
        table->hashes[table->size++] = hash;
    }
    return table->slots[at];
}

/* Sorts a few (term, count) pairs by term: insertion sort (a sentence has tens of terms). */
static void sort_terms(int64_t *terms, int64_t *counts, Py_ssize_t n)
{
    for (Py_ssize_t k = 1; k < n; k++) {
        int64_t term = terms[k], count = counts[k];
        Py_ssize_t j = k;
        while (j > 0 && terms[j - 1] > term) {
            terms[j] = terms[j - 1];
            counts[j] = counts[j - 1];
            j--;
        }
        terms[j] = term;
        counts[j] = count;
    }
}

/* Arguments given as buffers (numpy arrays), released together. */
typedef struct {
    Py_buffer views[8];
    int held;
} Views;

static const void *view(Views *views, PyObject *object, Py_ssize_t item, Py_ssize_t *count)
{
    Py_buffer *buffer = &views->views[views->held];
    if (PyObject_GetBuffer(object, buffer, PyBUF_C_CONTIGUOUS) < 0) {
        return NULL;
    }
    views->held++;
    if (buffer->len % item != 0) {
        PyErr_SetString(PyExc_ValueError, "an array of the wrong item size");
        return NULL;
    }
    *count = buffer->len / item;
    return buffer->buf;
}

static void release(Views *views)
{
    for (int k = 0; k < views->held; k++) {
        PyBuffer_Release(&views->views[k]);
    }
}

/* Sentence starts must rise from 0 to the token count. */
static int check_starts(const int64_t *starts, Py_ssize_t n_starts, Py_ssize_t tokens)
{
    if (n_starts < 1 || starts[0] != 0 || starts[n_starts - 1] != tokens) {
        PyErr_SetString(PyExc_ValueError, "sentence starts must run from 0 to the token count");
        return -1;
    }
    for (Py_ssize_t s = 1; s < n_starts; s++) {
        if (starts[s] < starts[s - 1]) {
            PyErr_SetString(PyExc_ValueError, "sentence starts must not fall");
            return -1;
        }
    }
    return 0;
}

static PyObject *sentence_terms(PyObject *self, PyObject *args)
{
    PyObject *objects[4];
    if (!PyArg_ParseTuple(args, "OOOO:sentence_terms", &objects[0], &objects[1], &objects[2], &objects[3])) {
        return NULL;
    }
    Views views = {.held = 0};
    PyObject *result = NULL, *terms = NULL, *frequencies = NULL;
    int64_t *tags = NULL, *seen = NULL;
    uint64_t *distinct = NULL;
    Table table = {NULL, NULL, 0, 0};
    Py_ssize_t n_cand, n_src, n_cand_starts, n_src_starts;
    const uint64_t *cand_ids = view(&views, objects[0], 8, &n_cand);
    const uint64_t *src_ids = cand_ids ? view(&views, objects[1], 8, &n_src) : NULL;
    const int64_t *cand_starts = src_ids ? view(&views, objects[2], 8, &n_cand_starts) : NULL;
    const int64_t *src_starts = cand_starts ? view(&views, objects[3], 8, &n_src_starts) : NULL;
    if (src_starts == NULL || check_starts(cand_starts, n_cand_starts, n_cand) < 0
        || check_starts(src_starts, n_src_starts, n_src) < 0) {
        goto done;
    }
    Py_ssize_t n = n_cand + n_src;
    /* the distinct ids, in order of first sight, then sorted */
    distinct = PyMem_Malloc((size_t)(n ? n : 1) * 2 * sizeof(uint64_t));
    tags = PyMem_Malloc((size_t)(n ? n : 1) * 3 * sizeof(int64_t));
    terms = PyByteArray_FromStringAndSize(NULL, n * 8);
    if (distinct == NULL || tags == NULL || terms == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    if (table_new(&table, n) < 0) {
        goto done;
    }
    int64_t *out = (int64_t *)PyByteArray_AS_STRING(terms); /* first each token's distinct id, then its term */
    int64_t *rank = tags + 2 * (n ? n : 1);
    for (Py_ssize_t k = 0; k < n; k++) {
        out[k] = table_place(&table, k < n_cand ? cand_ids[k] : src_ids[k - n_cand], 1);
    }
    Py_ssize_t vocabulary = table.size;
    for (Py_ssize_t k = 0; k < vocabulary; k++) {
        distinct[k] = table.hashes[k];
        tags[k] = k;
    }
    radix_sort(distinct, tags, distinct + (n ? n : 1), tags + (n ? n : 1), vocabulary);
    for (Py_ssize_t k = 0; k < vocabulary; k++) {
        rank[tags[k]] = k;
    }
    for (Py_ssize_t k = 0; k < n; k++) {
        out[k] = rank[out[k]];
    }
    frequencies = PyByteArray_FromStringAndSize(NULL, vocabulary * 8);
    seen = PyMem_Malloc((size_t)(vocabulary ? vocabulary : 1) * sizeof(int64_t));
    if (frequencies == NULL || seen == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    int64_t *df = (int64_t *)PyByteArray_AS_STRING(frequencies);
    for (int64_t t = 0; t < vocabulary; t++) {
        df[t] = 0;
        seen[t] = -1;
    }
    /* sentence numbers run on from the candidate's into the source's */
    int64_t sentence = 0;
    for (int text = 0; text < 2; text++) {
        const int64_t *starts = text ? src_starts : cand_starts;
        Py_ssize_t n_starts = text ? n_src_starts : n_cand_starts;
        const int64_t *text_terms = out + (text ? n_cand : 0);
        for (Py_ssize_t s = 0; s + 1 < n_starts; s++, sentence++) {
            for (int64_t i = starts[s]; i < starts[s + 1]; i++) {
                int64_t t = text_terms[i];
                if (seen[t] != sentence) {
                    seen[t] = sentence;
                    df[t]++;
                }
            }
        }
    }
    result = PyTuple_Pack(2, terms, frequencies);
done:
    release(&views);
    table_free(&table);
    PyMem_Free(distinct);
    PyMem_Free(tags);
    PyMem_Free(seen);
    Py_XDECREF(terms);
    Py_XDECREF(frequencies);
    return result;
}

/* One text's sentences as sparse vectors: per sentence its distinct terms (ascending) from
 * first[s] to first[s + 1], with their weights, its norm and its number of terms. */
typedef struct {
    int64_t *first;
    int64_t *terms;
    double *weights;
    double *norms;
} Vectors;

static void free_vectors(Vectors *v)
{
    PyMem_Free(v->first);
    PyMem_Free(v->terms);
    PyMem_Free(v->weights);
    PyMem_Free(v->norms);
}

static int vectors(Vectors *v, const int64_t *starts, Py_ssize_t n_starts, const int64_t *text_terms,
                   const double *idf, Py_ssize_t vocabulary)
{
    Py_ssize_t sentences = n_starts - 1, tokens = starts[sentences];
    v->first = PyMem_Malloc((size_t)(sentences + 1) * sizeof(int64_t));
    v->terms = PyMem_Malloc((size_t)(tokens ? tokens : 1) * sizeof(int64_t));
    v->weights = PyMem_Malloc((size_t)(tokens ? tokens : 1) * sizeof(double));
    v->norms = PyMem_Malloc((size_t)(sentences ? sentences : 1) * sizeof(double));
    int64_t *place = PyMem_Malloc((size_t)(vocabulary ? vocabulary : 1) * sizeof(int64_t));
    int64_t *counts = PyMem_Malloc((size_t)(tokens ? tokens : 1) * sizeof(int64_t));
    int status = -1;
    if (v->first == NULL || v->terms == NULL || v->weights == NULL || v->norms == NULL || place == NULL
        || counts == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t t = 0; t < vocabulary; t++) {
        place[t] = -1;
    }
    Py_ssize_t out = 0;
    for (Py_ssize_t s = 0; s < sentences; s++) {
        v->first[s] = out;
        for (int64_t i = starts[s]; i < starts[s + 1]; i++) { /* the sentence's distinct terms, counted */
            int64_t t = text_terms[i];
            if (t < 0 || t >= vocabulary) {
                PyErr_SetString(PyExc_ValueError, "a term beyond the vocabulary");
                goto done;
            }
            if (place[t] < 0) {
                place[t] = out;
                v->terms[out] = t;
                counts[out++] = 1;
            }
            else {
                counts[place[t]]++;
            }
        }
        Py_ssize_t first = v->first[s];
        sort_terms(v->terms + first, counts + first, out - first);
        double norm = 0.0;
        for (Py_ssize_t k = first; k < out; k++) {
            place[v->terms[k]] = -1;
            v->weights[k] = (double)counts[k] * idf[v->terms[k]];
            norm += v->weights[k] * v->weights[k];
        }
        v->norms[s] = sqrt(norm);
    }
    v->first[sentences] = out;
    status = 0;
done:
    PyMem_Free(place);
    PyMem_Free(counts);
    return status;
}

static PyObject *sentence_pairs(PyObject *self, PyObject *args)
{
    PyObject *objects[7];
    double cosine_floor, dice_floor;
    if (!PyArg_ParseTuple(args, "OOOOOOOdd:sentence_pairs", &objects[0], &objects[1], &objects[2], &objects[3],
                          &objects[4], &objects[5], &objects[6], &cosine_floor, &dice_floor)) {
        return NULL;
    }
    Views views = {.held = 0};
    Vectors cand = {NULL, NULL, NULL, NULL}, src = {NULL, NULL, NULL, NULL};
    PyObject *result = NULL, *out_rows = NULL, *out_columns = NULL, *out_cosines = NULL, *out_dices = NULL;
    int64_t *best = NULL, *holders = NULL, *holder = NULL, *shared = NULL, *touched = NULL;
    double *best_cosine = NULL, *best_dice = NULL, *holder_weight = NULL, *dots = NULL;
    Py_ssize_t n_cs, n_ct, n_ss, n_st, n_idf, n_rows, n_columns;
    const int64_t *cand_starts = view(&views, objects[0], 8, &n_cs);
    const int64_t *cand_terms = cand_starts ? view(&views, objects[1], 8, &n_ct) : NULL;
    const int64_t *src_starts = cand_terms ? view(&views, objects[2], 8, &n_ss) : NULL;
    const int64_t *src_terms = src_starts ? view(&views, objects[3], 8, &n_st) : NULL;
    const double *idf = src_terms ? view(&views, objects[4], 8, &n_idf) : NULL;
    const int64_t *rows = idf ? view(&views, objects[5], 8, &n_rows) : NULL;
    const int64_t *columns = rows ? view(&views, objects[6], 8, &n_columns) : NULL;
    if (columns == NULL || check_starts(cand_starts, n_cs, n_ct) < 0 || check_starts(src_starts, n_ss, n_st) < 0) {
        goto done;
    }
    if (n_rows != n_columns) {
        PyErr_SetString(PyExc_ValueError, "rows and columns differ in length");
        goto done;
    }
    if (vectors(&cand, cand_starts, n_cs, cand_terms, idf, n_idf) < 0
        || vectors(&src, src_starts, n_ss, src_terms, idf, n_idf) < 0) {
        goto done;
    }
    Py_ssize_t cand_sentences = n_cs - 1, src_sentences = n_ss - 1;
    best = PyMem_Malloc((size_t)(cand_sentences ? cand_sentences : 1) * sizeof(int64_t));
    best_cosine = PyMem_Malloc((size_t)(cand_sentences ? cand_sentences : 1) * sizeof(double));
    best_dice = PyMem_Malloc((size_t)(cand_sentences ? cand_sentences : 1) * sizeof(double));
    if (best == NULL || best_cosine == NULL || best_dice == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t s = 0; s < cand_sentences; s++) {
        best[s] = -1;
    }
    /* the source sentences holding each term (ascending), with the term's weight there */
    Py_ssize_t n_terms = src.first[src_sentences];
    holders = PyMem_Malloc((size_t)(n_idf + 1) * sizeof(int64_t));
    holder = PyMem_Malloc((size_t)(n_terms ? n_terms : 1) * sizeof(int64_t));
    holder_weight = PyMem_Malloc((size_t)(n_terms ? n_terms : 1) * sizeof(double));
    dots = PyMem_Malloc((size_t)(src_sentences ? src_sentences : 1) * sizeof(double));
    shared = PyMem_Calloc((size_t)(src_sentences ? src_sentences : 1), sizeof(int64_t));
    touched = PyMem_Malloc((size_t)(src_sentences ? src_sentences : 1) * sizeof(int64_t));
    if (holders == NULL || holder == NULL || holder_weight == NULL || dots == NULL || shared == NULL || touched == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t t = 0; t <= n_idf; t++) {
        holders[t] = 0;
    }
    for (Py_ssize_t k = 0; k < n_terms; k++) {
        holders[src.terms[k] + 1]++;
    }
    for (Py_ssize_t t = 0; t < n_idf; t++) {
        holders[t + 1] += holders[t];
    }
    for (Py_ssize_t c = 0; c < src_sentences; c++) {
        for (int64_t k = src.first[c]; k < src.first[c + 1]; k++) {
            int64_t at = holders[src.terms[k]]++;
            holder[at] = c;
            holder_weight[at] = src.weights[k];
        }
    }
    for (Py_ssize_t t = n_idf; t > 0; t--) { /* back to each term's first holder */
        holders[t] = holders[t - 1];
    }
    holders[0] = 0;
    Py_ssize_t n_touched = 0;
    int64_t row = -1;
    for (Py_ssize_t k = 0; k < n_rows; k++) {
        int64_t r = rows[k], c = columns[k];
        if (r < 0 || r >= cand_sentences || c < 0 || c >= src_sentences) {
            PyErr_SetString(PyExc_ValueError, "a sentence pair beyond the sentences");
            goto done;
        }
        if (r != row) {
            /* the row's dot product with every source sentence, over the shared terms in
             * ascending order: summed as numpy's bincount sums them */
            for (Py_ssize_t m = 0; m < n_touched; m++) {
                shared[touched[m]] = 0;
            }
            n_touched = 0;
            for (int64_t a = cand.first[r]; a < cand.first[r + 1]; a++) {
                int64_t t = cand.terms[a];
                for (int64_t h = holders[t]; h < holders[t + 1]; h++) {
                    int64_t other = holder[h];
                    if (shared[other] == 0) {
                        touched[n_touched++] = other;
                        dots[other] = 0.0;
                    }
                    dots[other] += cand.weights[a] * holder_weight[h];
                    shared[other]++;
                }
            }
            row = r;
        }
        int64_t sizes = (cand.first[r + 1] - cand.first[r]) + (src.first[c + 1] - src.first[c]), both = shared[c];
        double dot = both ? dots[c] : 0.0;
        double cosine = dot / (cand.norms[r] * src.norms[c]);
        if (isnan(cosine)) {
            cosine = 0.0; /* as numpy's nan_to_num */
        }
        else if (isinf(cosine)) {
            cosine = cosine > 0 ? DBL_MAX : -DBL_MAX;
        }
        double dice = 2.0 * (double)both / (double)sizes;
        if (!(cosine > cosine_floor && dice > dice_floor)) {
            continue;
        }
        if (best[r] < 0 || cosine > best_cosine[r] || (cosine == best_cosine[r] && c < best[r])) {
            best[r] = c;
            best_cosine[r] = cosine;
            best_dice[r] = dice;
        }
    }
    Py_ssize_t found = 0;
    for (Py_ssize_t s = 0; s < cand_sentences; s++) {
        found += best[s] >= 0;
    }
    out_rows = PyByteArray_FromStringAndSize(NULL, found * 8);
    out_columns = PyByteArray_FromStringAndSize(NULL, found * 8);
    out_cosines = PyByteArray_FromStringAndSize(NULL, found * 8);
    out_dices = PyByteArray_FromStringAndSize(NULL, found * 8);
    if (out_rows == NULL || out_columns == NULL || out_cosines == NULL || out_dices == NULL) {
        goto done;
    }
    int64_t *o_rows = (int64_t *)PyByteArray_AS_STRING(out_rows), *o_columns = (int64_t *)PyByteArray_AS_STRING(out_columns);
    double *o_cosines = (double *)PyByteArray_AS_STRING(out_cosines), *o_dices = (double *)PyByteArray_AS_STRING(out_dices);
    Py_ssize_t k = 0;
    for (Py_ssize_t s = 0; s < cand_sentences; s++) {
        if (best[s] >= 0) {
            o_rows[k] = s;
            o_columns[k] = best[s];
            o_cosines[k] = best_cosine[s];
            o_dices[k] = best_dice[s];
            k++;
        }
    }
    result = PyTuple_Pack(4, out_rows, out_columns, out_cosines, out_dices);
done:
    release(&views);
    free_vectors(&cand);
    free_vectors(&src);
    PyMem_Free(best);
    PyMem_Free(best_cosine);
    PyMem_Free(best_dice);
    PyMem_Free(holders);
    PyMem_Free(holder);
    PyMem_Free(holder_weight);
    PyMem_Free(dots);
    PyMem_Free(shared);
    PyMem_Free(touched);
    Py_XDECREF(out_rows);
    Py_XDECREF(out_columns);
    Py_XDECREF(out_cosines);
    Py_XDECREF(out_dices);
    return result;
}

#define MULTIPLIER 0x9E3779B97F4A7C15ULL
#define MIX1 0xBF58476D1CE4E5B9ULL
#define MIX2 0x94D049BB133111EBULL

/* The hash of ids[0..n) as `reusecheck.fingerprint.ngram_hashes` computes it (wrapping). */
static inline uint64_t ngram_hash(const uint64_t *ids, Py_ssize_t n)
{
    uint64_t h = ids[0];
    for (Py_ssize_t k = 1; k < n; k++) {
        h = h * MULTIPLIER + ids[k];
    }
    h ^= h >> 30;
    h *= MIX1;
    h ^= h >> 27;
    h *= MIX2;
    h ^= h >> 31;
    return h;
}

static PyObject *ngram_hashes(PyObject *self, PyObject *args)
{
    PyObject *object;
    Py_ssize_t n;
    if (!PyArg_ParseTuple(args, "On:ngram_hashes", &object, &n)) {
        return NULL;
    }
    Views views = {.held = 0};
    PyObject *result = NULL;
    Py_ssize_t count;
    const uint64_t *ids = view(&views, object, 8, &count);
    if (ids == NULL) {
        goto done;
    }
    if (n < 1) {
        PyErr_SetString(PyExc_ValueError, "an n-gram size below 1");
        goto done;
    }
    Py_ssize_t runs = count - n + 1 > 0 ? count - n + 1 : 0;
    result = PyByteArray_FromStringAndSize(NULL, runs * 8);
    if (result == NULL) {
        goto done;
    }
    uint64_t *out = (uint64_t *)PyByteArray_AS_STRING(result);
    for (Py_ssize_t p = 0; p < runs; p++) {
        out[p] = ngram_hash(ids + p, n);
    }
done:
    release(&views);
    return result;
}

static PyObject *held_ngrams(PyObject *self, PyObject *args)
{
    PyObject *objects[3];
    Py_ssize_t n;
    if (!PyArg_ParseTuple(args, "OOOn:held_ngrams", &objects[0], &objects[1], &objects[2], &n)) {
        return NULL;
    }
    Views views = {.held = 0};
    Table table = {NULL, NULL, 0, 0};
    PyObject *result = NULL;
    Py_ssize_t n_ids, n_joined, n_texts;
    const uint64_t *ids = view(&views, objects[0], 8, &n_ids);
    const uint64_t *joined = ids ? view(&views, objects[1], 8, &n_joined) : NULL;
    const int64_t *lengths = joined ? view(&views, objects[2], 8, &n_texts) : NULL;
    if (lengths == NULL) {
        goto done;
    }
    if (n < 1) {
        PyErr_SetString(PyExc_ValueError, "an n-gram size below 1");
        goto done;
    }
    Py_ssize_t total = 0;
    for (Py_ssize_t t = 0; t < n_texts; t++) {
        if (lengths[t] < 0) {
            total = -1;
            break;
        }
        total += lengths[t];
    }
    if (total != n_joined) {
        PyErr_SetString(PyExc_ValueError, "the texts' lengths do not add up to the joined ids");
        goto done;
    }
    if (table_new(&table, n_joined) < 0) {
        goto done;
    }
    for (Py_ssize_t t = 0, offset = 0; t < n_texts; offset += lengths[t], t++) {
        for (Py_ssize_t p = offset; p + n <= offset + lengths[t]; p++) {
            table_place(&table, ngram_hash(joined + p, n), 1);
        }
    }
    Py_ssize_t runs = n_ids - n + 1 > 0 ? n_ids - n + 1 : 0;
    result = PyByteArray_FromStringAndSize(NULL, runs);
    if (result == NULL) {
        goto done;
    }
    char *out = PyByteArray_AS_STRING(result);
    for (Py_ssize_t p = 0; p < runs; p++) {
        out[p] = table_place(&table, ngram_hash(ids + p, n), 0) >= 0;
    }
done:
    release(&views);
    table_free(&table);
    return result;
}

static PyObject *seed_runs(PyObject *self, PyObject *args)
{
    PyObject *objects[2];
    Py_ssize_t max_repeats, n;
    if (!PyArg_ParseTuple(args, "OOnn:seed_runs", &objects[0], &objects[1], &max_repeats, &n)) {
        return NULL;
    }
    Views views = {.held = 0};
    Table table = {NULL, NULL, 0, 0};
    PyObject *result = NULL;
    int64_t *first = NULL, *positions = NULL;
    uint64_t *pairs = NULL;
    Py_ssize_t n_cand, n_src;
    const uint64_t *cand = view(&views, objects[0], 8, &n_cand);
    const uint64_t *src = cand ? view(&views, objects[1], 8, &n_src) : NULL;
    if (src == NULL) {
        goto done;
    }
    if (n_cand + n_src >= ((Py_ssize_t)1 << 31) || n < 1) {
        PyErr_SetString(PyExc_ValueError, "texts of 2**31 tokens or more, or an n-gram size below 1");
        goto done;
    }
    /* the source's positions of each distinct hash, ascending (a counting sort by hash) */
    if (table_new(&table, n_src) < 0) {
        goto done;
    }
    positions = PyMem_Malloc((size_t)(n_src ? n_src : 1) * sizeof(int64_t));
    first = PyMem_Malloc((size_t)(n_src + 2) * sizeof(int64_t));
    if (positions == NULL || first == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t j = 0; j < n_src; j++) {
        positions[j] = table_place(&table, src[j], 1); /* for now each position's hash */
    }
    Py_ssize_t distinct = table.size;
    for (Py_ssize_t d = 0; d <= distinct + 1; d++) {
        first[d] = 0;
    }
    for (Py_ssize_t j = 0; j < n_src; j++) {
        first[positions[j] + 2]++;
    }
    for (Py_ssize_t d = 2; d <= distinct + 1; d++) {
        first[d] += first[d - 1];
    }
    /* first[d + 1] now counts the positions of hashes before d: fill them in order */
    int64_t *order = PyMem_Malloc((size_t)(n_src ? n_src : 1) * sizeof(int64_t));
    if (order == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t j = 0; j < n_src; j++) {
        order[first[positions[j] + 1]++] = j;
    }
    PyMem_Free(positions);
    positions = order; /* the positions of hash d: positions[first[d] .. first[d + 1]) */
    /* the seed pairs (candidate position i, source position j) as diagonal-then-i keys */
    Py_ssize_t total = 0;
    for (Py_ssize_t i = 0; i < n_cand; i++) {
        int64_t d = table_place(&table, cand[i], 0);
        if (d >= 0 && first[d + 1] - first[d] <= max_repeats) {
            total += first[d + 1] - first[d];
        }
    }
    pairs = PyMem_Malloc((size_t)(total ? total : 1) * 2 * sizeof(uint64_t));
    if (pairs == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    Py_ssize_t k = 0;
    for (Py_ssize_t i = 0; i < n_cand; i++) {
        int64_t d = table_place(&table, cand[i], 0);
        if (d >= 0 && first[d + 1] - first[d] <= max_repeats) {
            for (int64_t p = first[d]; p < first[d + 1]; p++) {
                uint64_t diagonal = (uint64_t)(positions[p] - i + n_cand); /* above 0: j - i > -n_cand */
                pairs[k++] = (diagonal << 32) | (uint64_t)i;
            }
        }
    }
    radix_sort(pairs, NULL, pairs + (total ? total : 1), NULL, total);
    /* runs: consecutive i on one diagonal */
    Py_ssize_t runs = 0;
    for (Py_ssize_t a = 0; a < total; a++) {
        runs += a == 0 || pairs[a] != pairs[a - 1] + 1 || (pairs[a] >> 32) != (pairs[a - 1] >> 32);
    }
    result = PyByteArray_FromStringAndSize(NULL, runs * 4 * 8);
    if (result == NULL) {
        goto done;
    }
    int64_t *out = (int64_t *)PyByteArray_AS_STRING(result);
    for (Py_ssize_t a = 0, r = 0; a < total;) {
        Py_ssize_t b = a + 1;
        while (b < total && pairs[b] == pairs[b - 1] + 1 && (pairs[b] >> 32) == (pairs[a] >> 32)) {
            b++;
        }
        int64_t i = (int64_t)(pairs[a] & 0xffffffffu), diagonal = (int64_t)(pairs[a] >> 32) - n_cand;
        out[4 * r] = i;
        out[4 * r + 1] = i + diagonal;
        out[4 * r + 2] = out[4 * r + 3] = (int64_t)(b - a) + n - 1;
        r++;
        a = b;
    }
done:
    release(&views);
    table_free(&table);
    PyMem_Free(positions);
    PyMem_Free(first);
    PyMem_Free(pairs);
    return result;
}

/* Appends the sentence start after a mark at character `at`, when the mark lies between two
 * tokens: the token after the last one ending at or before it (`*token` moves on as marks do). */
static void mark(int64_t at, const int64_t *starts, const int64_t *ends, Py_ssize_t tokens, Py_ssize_t *token,
                 int64_t *out, Py_ssize_t *found)
{
    while (*token < tokens && ends[*token] <= at) {
        (*token)++;
    }
    Py_ssize_t before = *token - 1;
    if (before >= 0 && before + 1 < tokens && at < starts[before + 1]
        && (*found == 0 || out[*found - 1] != before + 1)) {
        out[(*found)++] = before + 1;
    }
}

static PyObject *sentence_starts(PyObject *self, PyObject *args)
{
    PyObject *text, *objects[2];
    if (!PyArg_ParseTuple(args, "UOO:sentence_starts", &text, &objects[0], &objects[1])) {
        return NULL;
    }
    Views views = {.held = 0};
    PyObject *result = NULL;
    Py_ssize_t n_starts, n_ends;
    const int64_t *starts = view(&views, objects[0], 8, &n_starts);
    const int64_t *ends = starts ? view(&views, objects[1], 8, &n_ends) : NULL;
    if (ends == NULL) {
        goto done;
    }
    if (n_starts != n_ends) {
        PyErr_SetString(PyExc_ValueError, "token starts and ends differ in length");
        goto done;
    }
    result = PyByteArray_FromStringAndSize(NULL, (n_starts + 1) * 8);
    if (result == NULL) {
        goto done;
    }
    int64_t *out = (int64_t *)PyByteArray_AS_STRING(result);
    Py_ssize_t found = 0, token = 0, n = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    out[found++] = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c == '.' || c == '!' || c == '?') {
            mark(i, starts, ends, n_starts, &token, out, &found);
        }
        else if (c == '\n') { /* a blank line: another line end in the white space that follows */
            Py_ssize_t j = i + 1, last = -1;
            while (j < n && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, j))) {
                if (PyUnicode_READ(kind, data, j) == '\n') {
                    last = j;
                }
                j++;
            }
            if (last >= 0) {
                mark(i, starts, ends, n_starts, &token, out, &found);
                i = last;
            }
        }
    }
    out[found++] = n_starts; /* marks give starts below the token count */
    if (PyByteArray_Resize(result, found * 8) < 0) {
        Py_CLEAR(result);
    }
done:
    release(&views);
    return result;
}

/* The keys an index reader has met: per key (its UTF-8 bytes) the str object and its id, so
 * that a key met before is neither decoded nor hashed by Python again (and its str is
 * shared by every text holding it). Open addressing on a 64-bit FNV-1a hash of the bytes. */
typedef struct {
    uint64_t hash;
    Py_ssize_t length;
    char *bytes;
    PyObject *key; /* NULL: an empty slot */
    uint64_t id;
} KeyEntry;

typedef struct {
    KeyEntry *entries;
    Py_ssize_t room, size;
} KeyTable;

#define KEY_TABLE "reusecheck._seeding.KeyTable"

static void key_table_free(PyObject *capsule)
{
    KeyTable *table = PyCapsule_GetPointer(capsule, KEY_TABLE);
    if (table == NULL) {
        return;
    }
    for (Py_ssize_t k = 0; k < table->room; k++) {
        if (table->entries[k].key != NULL) {
            Py_DECREF(table->entries[k].key);
            PyMem_Free(table->entries[k].bytes);
        }
    }
    PyMem_Free(table->entries);
    PyMem_Free(table);
}

static PyObject *key_table(PyObject *self, PyObject *args)
{
    KeyTable *table = PyMem_Calloc(1, sizeof(KeyTable));
    if (table == NULL) {
        return PyErr_NoMemory();
    }
    table->room = 1024;
    table->entries = PyMem_Calloc((size_t)table->room, sizeof(KeyEntry));
    if (table->entries == NULL) {
        PyMem_Free(table);
        return PyErr_NoMemory();
    }
    PyObject *capsule = PyCapsule_New(table, KEY_TABLE, key_table_free);
    if (capsule == NULL) {
        PyMem_Free(table->entries);
        PyMem_Free(table);
    }
    return capsule;
}

static uint64_t fnv1a(const char *bytes, Py_ssize_t length)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (Py_ssize_t k = 0; k < length; k++) {
        h = (h ^ (unsigned char)bytes[k]) * 0x100000001b3ULL;
    }
    return h;
}

/* The slot of these bytes: theirs, or the empty one where they would go. */
static KeyEntry *key_slot(KeyTable *table, const char *bytes, Py_ssize_t length, uint64_t hash)
{
    Py_ssize_t at = (Py_ssize_t)(hash & (uint64_t)(table->room - 1));
    while (table->entries[at].key != NULL
           && !(table->entries[at].hash == hash && table->entries[at].length == length
                && memcmp(table->entries[at].bytes, bytes, (size_t)length) == 0)) {
        at = (at + 1) & (table->room - 1);
    }
    return &table->entries[at];
}

/* Twice the room, every entry moved to its new slot. */
static int key_table_grow(KeyTable *table)
{
    KeyEntry *old = table->entries;
    Py_ssize_t old_room = table->room;
    table->entries = PyMem_Calloc((size_t)(2 * old_room), sizeof(KeyEntry));
    if (table->entries == NULL) {
        table->entries = old;
        PyErr_NoMemory();
        return -1;
    }
    table->room = 2 * old_room;
    for (Py_ssize_t k = 0; k < old_room; k++) {
        if (old[k].key != NULL) {
            *key_slot(table, old[k].bytes, old[k].length, old[k].hash) = old[k];
        }
    }
    PyMem_Free(old);
    return 0;
}

/* The str and id of a key given as UTF-8 bytes (a new reference to the str): from the
 * table, or decoded, given its id by `missing` and added. */
static PyObject *known_key(KeyTable *table, const char *bytes, Py_ssize_t length, PyObject *missing, uint64_t *id)
{
    uint64_t hash = fnv1a(bytes, length);
    KeyEntry *slot = key_slot(table, bytes, length, hash);
    if (slot->key != NULL) {
        *id = slot->id;
        Py_INCREF(slot->key);
        return slot->key;
    }
    PyObject *key = PyUnicode_DecodeUTF8(bytes, length, "strict");
    if (key == NULL) {
        return NULL;
    }
    PyObject *value = PyObject_CallOneArg(missing, key);
    if (value == NULL) {
        Py_DECREF(key);
        return NULL;
    }
    *id = PyLong_AsUnsignedLongLong(value);
    Py_DECREF(value);
    if (*id == (uint64_t)-1 && PyErr_Occurred()) {
        Py_DECREF(key);
        return NULL;
    }
    if (2 * (table->size + 1) > table->room) {
        if (key_table_grow(table) < 0) {
            Py_DECREF(key);
            return NULL;
        }
        slot = key_slot(table, bytes, length, hash);
    }
    slot->bytes = PyMem_Malloc((size_t)(length ? length : 1));
    if (slot->bytes == NULL) {
        Py_DECREF(key);
        PyErr_NoMemory();
        return NULL;
    }
    memcpy(slot->bytes, bytes, (size_t)length);
    slot->hash = hash;
    slot->length = length;
    slot->id = *id;
    Py_INCREF(key);
    slot->key = key;
    table->size++;
    return key;
}

static PyObject *unpack_tokens(PyObject *self, PyObject *args)
{
    Py_buffer data;
    PyObject *capsule, *missing;
    if (!PyArg_ParseTuple(args, "y*OO:unpack_tokens", &data, &capsule, &missing)) {
        return NULL;
    }
    KeyTable *table = PyCapsule_GetPointer(capsule, KEY_TABLE);
    if (table == NULL) {
        PyBuffer_Release(&data);
        return NULL;
    }
    PyObject *result = NULL, *starts = NULL, *ends = NULL, *token_ids = NULL, *keys = NULL;
    const char *bytes = data.buf;
    Py_ssize_t size = data.len, count = 0;
    if (size >= 4) {
        int32_t stored;
        memcpy(&stored, bytes, 4);
        count = stored;
    }
    if (size < 4 || count < 0 || 4 * (1 + 2 * count) > size) {
        PyErr_SetString(PyExc_ValueError, "stored tokens that do not decode");
        goto done;
    }
    starts = PyByteArray_FromStringAndSize(NULL, count * 8);
    ends = PyByteArray_FromStringAndSize(NULL, count * 8);
    token_ids = PyByteArray_FromStringAndSize(NULL, count * 8);
    keys = PyTuple_New(count);
    if (starts == NULL || ends == NULL || token_ids == NULL || keys == NULL) {
        goto done;
    }
    int64_t *out_starts = (int64_t *)PyByteArray_AS_STRING(starts), *out_ends = (int64_t *)PyByteArray_AS_STRING(ends);
    uint64_t *out_ids = (uint64_t *)PyByteArray_AS_STRING(token_ids);
    int64_t at = 0;
    for (Py_ssize_t k = 0; k < count; k++) {
        int32_t step, length;
        memcpy(&step, bytes + 4 * (1 + k), 4);
        memcpy(&length, bytes + 4 * (1 + count + k), 4);
        at += step;
        out_starts[k] = at;
        out_ends[k] = at + length;
    }
    const char *text = bytes + 4 * (1 + 2 * count), *end = bytes + size;
    for (Py_ssize_t k = 0; k < count; k++) {
        const char *stop = memchr(text, 0, (size_t)(end - text));
        if (stop == NULL) {
            stop = end;
        }
        if ((k + 1 < count) != (stop < end)) {
            PyErr_SetString(PyExc_ValueError, "stored tokens whose keys do not match their count");
            goto done;
        }
        PyObject *key = known_key(table, text, stop - text, missing, &out_ids[k]);
        if (key == NULL) {
            goto done;
        }
        PyTuple_SET_ITEM(keys, k, key);
        text = stop + 1;
    }
    result = PyTuple_Pack(4, starts, ends, keys, token_ids);
done:
    PyBuffer_Release(&data);
    Py_XDECREF(starts);
    Py_XDECREF(ends);
    Py_XDECREF(token_ids);
    Py_XDECREF(keys);
    return result;
}

/* A chain under construction: [i0, i1) in the candidate, [j0, j1) in the source, and the
 * last run it took. */
typedef struct {
    int64_t i0, i1, j0, j1, last;
} Chain;

/* `reusecheck.align._GapCheck.bridges`: the gaps from (i1, j1) on to (i, j) within limit,
 * short ones always, longer ones of similar size whose words `similar` finds alike (1),
 * else 0; -1 when `similar` fails. */
static int bridges(int64_t i1, int64_t i, int64_t j1, int64_t j, int64_t limit, int64_t max_gap, PyObject *similar)
{
    int64_t cand_gap = i - i1, src_gap = j - j1;
    if (cand_gap > limit || src_gap > limit) {
        return 0;
    }
    int64_t longest = cand_gap > src_gap ? cand_gap : src_gap;
    if (longest <= max_gap) {
        return 1;
    }
    int64_t apart = cand_gap > src_gap ? cand_gap - src_gap : src_gap - cand_gap;
    if (apart > (max_gap > longest / 2 ? max_gap : longest / 2)) { /* longest > max_gap >= 0 */
        return 0;
    }
    PyObject *alike = PyObject_CallFunction(similar, "LLLL", (long long)i1, (long long)i, (long long)j1, (long long)j);
    if (alike == NULL) {
        return -1;
    }
    int truth = PyObject_IsTrue(alike);
    Py_DECREF(alike);
    return truth;
}

static PyObject *chain_runs(PyObject *self, PyObject *args)
{
    PyObject *objects[2], *similar;
    Py_ssize_t n, max_gap, paraphrase_gap;
    if (!PyArg_ParseTuple(args, "OOnnnO:chain_runs", &objects[0], &objects[1], &n, &max_gap, &paraphrase_gap,
                          &similar)) {
        return NULL;
    }
    Views views = {.held = 0};
    PyObject *chain_of = NULL, *bounds = NULL, *order = NULL, *result = NULL;
    Chain *chains = NULL;
    int64_t *active = NULL, *closing = NULL, *first = NULL;
    Py_ssize_t n_values, n_flags;
    const int64_t *runs = view(&views, objects[0], 8, &n_values);
    const uint8_t *paraphrased = runs ? view(&views, objects[1], 1, &n_flags) : NULL;
    if (paraphrased == NULL) {
        goto done;
    }
    Py_ssize_t m = n_values / 4;
    if (n_values % 4 != 0 || n_flags != m) {
        PyErr_SetString(PyExc_ValueError, "runs must be rows of 4 with one paraphrase flag each");
        goto done;
    }
    for (Py_ssize_t r = 1; r < m; r++) {
        if (runs[4 * r] < runs[4 * (r - 1)]) {
            PyErr_SetString(PyExc_ValueError, "runs must come by candidate start");
            goto done;
        }
    }
    int64_t reach = max_gap > paraphrase_gap ? max_gap : paraphrase_gap;
    chain_of = PyByteArray_FromStringAndSize(NULL, m * 8);
    chains = PyMem_Malloc((size_t)(m ? m : 1) * sizeof(Chain));
    active = PyMem_Malloc((size_t)(m ? m : 1) * sizeof(int64_t));
    if (chain_of == NULL || chains == NULL || active == NULL) {
        if (!PyErr_Occurred()) {
            PyErr_NoMemory();
        }
        goto done;
    }
    int64_t *of = (int64_t *)PyByteArray_AS_STRING(chain_of);
    Py_ssize_t count = 0, n_active = 0;
    for (Py_ssize_t r = 0; r < m; r++) {
        int64_t i = runs[4 * r], j = runs[4 * r + 1], cand_length = runs[4 * r + 2], src_length = runs[4 * r + 3];
        int64_t i_from = i - reach, j_from = j - reach, j_to = j + src_length;
        int64_t best = -1, best_cost = 0;
        Py_ssize_t kept = 0;
        for (Py_ssize_t a = 0; a < n_active; a++) { /* open chains, oldest first */
            int64_t k = active[a];
            Chain *chain = &chains[k];
            if (chain->i1 < i_from) {
                continue; /* runs come in order: no later run can join it */
            }
            active[kept++] = k;
            if (chain->j1 < j_from || chain->j0 > j_to) {
                continue;
            }
            int64_t cand_gap = i - chain->i1, src_gap = j - chain->j1;
            int inside = cand_gap < 0 && i + cand_length <= chain->i1 && chain->j0 <= j && j + src_length <= chain->j1;
            int64_t ahead = cand_gap + cand_length < src_gap + src_length ? cand_gap + cand_length : src_gap + src_length;
            int64_t behind = -cand_gap > -src_gap ? -cand_gap : -src_gap;
            int64_t half = (cand_length < src_length ? cand_length : src_length) / 2;
            int advances = ahead > 0 && behind < (n > half ? n : half);
            int joins = inside;
            if (!inside && advances) {
                int64_t limit = paraphrased[r] && paraphrased[chain->last] ? paraphrase_gap : max_gap;
                joins = bridges(chain->i1, i, chain->j1, j, limit, max_gap, similar);
                if (joins < 0) {
                    goto done;
                }
            }
            if (joins) {
                int64_t apart = cand_gap > src_gap ? cand_gap - src_gap : src_gap - cand_gap;
                int64_t cost = inside ? 0 : (cand_gap > src_gap ? cand_gap : src_gap) + apart;
                if (best < 0 || cost < best_cost) {
                    best = k;
                    best_cost = cost;
                }
            }
        }
        n_active = kept;
        if (best < 0) {
            chains[count] = (Chain){i, i + cand_length, j, j + src_length, r};
            active[n_active++] = count;
            of[r] = count++;
        } else {
            Chain *chain = &chains[best];
            chain->i1 = chain->i1 > i + cand_length ? chain->i1 : i + cand_length;
            chain->j0 = chain->j0 < j ? chain->j0 : j;
            chain->j1 = chain->j1 > j + src_length ? chain->j1 : j + src_length;
            chain->last = r;
            of[r] = best;
        }
    }
    /* the order chains closed in: by the runs starting at or before their end plus reach
     * (`bisect_right`), then by age (a counting sort) */
    bounds = PyByteArray_FromStringAndSize(NULL, count * 4 * 8);
    order = PyByteArray_FromStringAndSize(NULL, count * 8);
    closing = PyMem_Malloc((size_t)(count ? count : 1) * sizeof(int64_t));
    first = PyMem_Calloc((size_t)m + 2, sizeof(int64_t));
    if (bounds == NULL || order == NULL || closing == NULL || first == NULL) {
        if (!PyErr_Occurred()) {
            PyErr_NoMemory();
        }
        goto done;
    }
    int64_t *out = (int64_t *)PyByteArray_AS_STRING(bounds), *sorted = (int64_t *)PyByteArray_AS_STRING(order);
    for (Py_ssize_t k = 0; k < count; k++) {
        out[4 * k] = chains[k].i0;
        out[4 * k + 1] = chains[k].i1;
        out[4 * k + 2] = chains[k].j0;
        out[4 * k + 3] = chains[k].j1;
        Py_ssize_t lo = 0, hi = m; /* runs starting at or before i1 + reach */
        while (lo < hi) {
            Py_ssize_t mid = lo + (hi - lo) / 2;
            if (runs[4 * mid] <= chains[k].i1 + reach) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        closing[k] = lo;
        first[lo + 1]++;
    }
    for (Py_ssize_t c = 1; c <= m + 1; c++) {
        first[c] += first[c - 1];
    }
    for (Py_ssize_t k = 0; k < count; k++) {
        sorted[first[closing[k]]++] = k;
    }
    result = PyTuple_Pack(3, chain_of, bounds, order);
done:
    release(&views);
    Py_XDECREF(chain_of);
    Py_XDECREF(bounds);
    Py_XDECREF(order);
    PyMem_Free(chains);
    PyMem_Free(active);
    PyMem_Free(closing);
    PyMem_Free(first);
    return result;
}

/* The first place in sorted[lo, hi) whose value is not below (right: is above) value. */
static Py_ssize_t search(const int64_t *sorted, Py_ssize_t lo, Py_ssize_t hi, int64_t value, int right)
{
    while (lo < hi) {
        Py_ssize_t mid = lo + (hi - lo) / 2;
        if (sorted[mid] < value || (right && sorted[mid] == value)) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}

static PyObject *postings_ranges(PyObject *self, PyObject *args)
{
    PyObject *objects[3];
    if (!PyArg_ParseTuple(args, "OOO:postings_ranges", &objects[0], &objects[1], &objects[2])) {
        return NULL;
    }
    Views views = {.held = 0};
    PyObject *lows = NULL, *highs = NULL, *result = NULL;
    Py_ssize_t n_hashes, n_starts, n_seeds;
    const int64_t *hashes = view(&views, objects[0], 8, &n_hashes);
    const int64_t *starts = hashes ? view(&views, objects[1], 8, &n_starts) : NULL;
    const int64_t *seeds = starts ? view(&views, objects[2], 8, &n_seeds) : NULL;
    if (seeds == NULL) {
        goto done;
    }
    int bits = 0;
    while (((Py_ssize_t)1 << bits) < n_starts - 1 && bits < 62) {
        bits++;
    }
    if (n_starts < 2 || ((Py_ssize_t)1 << bits) != n_starts - 1 || starts[0] != 0 || starts[n_starts - 1] != n_hashes) {
        PyErr_SetString(PyExc_ValueError, "the bucket starts must be 2**k + 1 places from 0 to the hash count");
        goto done;
    }
    lows = PyByteArray_FromStringAndSize(NULL, n_seeds * 8);
    highs = PyByteArray_FromStringAndSize(NULL, n_seeds * 8);
    if (lows == NULL || highs == NULL) {
        goto done;
    }
    int64_t *lo = (int64_t *)PyByteArray_AS_STRING(lows), *hi = (int64_t *)PyByteArray_AS_STRING(highs);
    for (Py_ssize_t k = 0; k < n_seeds; k++) {
        uint64_t bucket = bits ? ((uint64_t)seeds[k] ^ ((uint64_t)1 << 63)) >> (64 - bits) : 0;
        Py_ssize_t first = (Py_ssize_t)starts[bucket], last = (Py_ssize_t)starts[bucket + 1];
        first = first < 0 ? 0 : first; /* a table that is not one reads nothing outside the hashes */
        last = last > n_hashes ? n_hashes : last;
        lo[k] = search(hashes, first, last, seeds[k], 0);
        hi[k] = search(hashes, lo[k], last, seeds[k], 1);
    }
    result = PyTuple_Pack(2, lows, highs);
done:
    release(&views);
    Py_XDECREF(lows);
    Py_XDECREF(highs);
    return result;
}

static PyObject *members(PyObject *self, PyObject *args)
{
    PyObject *objects[2];
    if (!PyArg_ParseTuple(args, "OO:members", &objects[0], &objects[1])) {
        return NULL;
    }
    Views views = {.held = 0};
    PyObject *result = NULL;
    Py_ssize_t n_values, n_ordered;
    const uint64_t *values = view(&views, objects[0], 8, &n_values);
    const uint64_t *ordered = values ? view(&views, objects[1], 8, &n_ordered) : NULL;
    if (ordered == NULL) {
        goto done;
    }
    result = PyByteArray_FromStringAndSize(NULL, n_values);
    if (result == NULL) {
        goto done;
    }
    char *found = PyByteArray_AS_STRING(result);
    Py_ssize_t rising = 1;
    while (rising < n_values && values[rising] >= values[rising - 1]) {
        rising++;
    }
    if (rising >= n_values) { /* sorted values (seeds mostly are): one walk along both */
        for (Py_ssize_t k = 0, at = 0; k < n_values; k++) {
            while (at < n_ordered && ordered[at] < values[k]) {
                at++;
            }
            found[k] = at < n_ordered && ordered[at] == values[k];
        }
        goto done;
    }
    for (Py_ssize_t k = 0; k < n_values; k++) {
        Py_ssize_t lo = 0, hi = n_ordered;
        while (lo < hi) {
            Py_ssize_t mid = lo + (hi - lo) / 2;
            if (ordered[mid] < values[k]) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        found[k] = lo < n_ordered && ordered[lo] == values[k];
    }
done:
    release(&views);
    return result;
}

static PyMethodDef methods[] = {
    {"sentence_terms", sentence_terms, METH_VARARGS,
     "sentence_terms(cand_ids, src_ids, cand_starts, src_starts) -> (terms, frequencies): "
     "each token's term (its id's place among both texts' sorted distinct ids) and each term's sentence count."},
    {"sentence_pairs", sentence_pairs, METH_VARARGS,
     "sentence_pairs(cand_starts, cand_terms, src_starts, src_terms, idf, rows, columns, cosine_floor, dice_floor)"
     " -> (cand_sentences, src_sentences, cosines, dices): per candidate sentence its passing pair of highest "
     "tf-idf cosine."},
    {"ngram_hashes", ngram_hashes, METH_VARARGS,
     "ngram_hashes(ids, n) -> hashes: reusecheck.fingerprint.ngram_hashes (uint64)."},
    {"held_ngrams", held_ngrams, METH_VARARGS,
     "held_ngrams(ids, joined, lengths, n) -> held: per n-gram of ids, whether one of the texts (joined, of "
     "these lengths) holds one of the same hash (bool bytes)."},
    {"seed_runs", seed_runs, METH_VARARGS,
     "seed_runs(cand_hashes, src_hashes, max_repeats, n) -> runs: the n-gram hashes the two texts share (those "
     "found more than max_repeats times in the source left out) merged into runs along diagonals, as "
     "reusecheck.seeds.exact_runs gives them: (cand_start, src_start, length, length) rows of int64, by diagonal "
     "then candidate position."},
    {"key_table", key_table, METH_NOARGS,
     "key_table() -> table: an empty table of keys met, for unpack_tokens."},
    {"unpack_tokens", unpack_tokens, METH_VARARGS,
     "unpack_tokens(data, table, missing) -> (starts, ends, keys, ids): the tokens a reusecheck index stores "
     "(decompressed: the count, start steps and lengths as int32, the keys joined by NUL), each key's str and "
     "id from the table of keys met (`missing(key)` gives a new key's id); offsets int64, ids uint64."},
    {"sentence_starts", sentence_starts, METH_VARARGS,
     "sentence_starts(text, starts, ends) -> starts: the token indices where sentences start (as "
     "reusecheck.seeds.sentence_starts finds them), 0 first and the token count last (int64)."},
    {"chain_runs", chain_runs, METH_VARARGS,
     "chain_runs(runs, paraphrased, n, max_gap, paraphrase_gap, similar) -> (chain_of, bounds, order): "
     "reusecheck.align.chain_runs over runs (rows of cand_start, src_start, cand_length, src_length, int64, by "
     "cand_start) with their paraphrase flags (bytes); `similar(i1, i, j1, j)` judges a long gap's words. Per run "
     "its chain; per chain (oldest first) i0, i1, j0, j1; the chains in the order they closed (int64)."},
    {"postings_ranges", postings_ranges, METH_VARARGS,
     "postings_ranges(hashes, starts, seeds) -> (lo, hi): np.searchsorted(hashes, seeds, 'left' and 'right') for "
     "sorted int64 hashes, searched within the bucket of each seed: starts[b] is the first hash of bucket b of "
     "2**k (the top k bits of the hash as unsigned, sign bit flipped), the hash count last (int64)."},
    {"members", members, METH_VARARGS,
     "members(values, ordered) -> found: per uint64 value, is it in ordered (sorted uint64)? (bool bytes)"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "reusecheck._seeding", "The compiled core of seeding: n-gram hashes, exact runs, sentence seeds, chaining, lookups.", -1, methods,
};

PyMODINIT_FUNC PyInit__seeding(void)
{
    return PyModule_Create(&module);
}
