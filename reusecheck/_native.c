/* The compiled core: the tokenizer's words, the English stemmer, sorting postings (optional:
 * reusecheck/native.py is None without it, and every caller has a pure-Python path).
 *
 * split_words(text, table, missing) -> (starts, words)
 *
 * Finds the words of `text` exactly as `reusecheck.text._TOKEN` does (maximal runs of
 * characters that are alphanumeric, or an apostrophe, right single quote, full stop or
 * comma with a word character, underscore included, on both sides), and looks each word
 * up in `table` (a WordTable: word -> its number in the tokenizer's word cache), from the
 * text's characters; a word not there is given to `missing`, which adds it to the cache
 * and returns its number (then kept in `table`). Returns the words' start offsets and
 * their numbers, each as the bytes of a native int64 array.
 *
 * lay_out(word_starts, words, first, count, offset, length, ids, keys) -> (starts, ends, token_ids, token_keys)
 *
 * The tokens of those words: word w's pieces are first[w] .. first[w] + count[w] - 1 of the
 * word cache, each with its offset and length in the word, id and key. Returns the tokens'
 * starts and ends (int64) and ids (uint64) as bytearrays, and their keys as a tuple.
 *
 * WordTable: split_words' table (see the type).
 *
 * sort_postings(hashes, documents) -> (hashes, documents)
 *
 * Postings in hash order as a stable sort orders them (see the function).
 *
 * merge_postings(hashes, documents, more_hashes, more_documents) -> (hashes, documents)
 *
 * Two sorted runs of postings merged into one, as a stable sort orders them (see the function).
 *
 * token_bytes(starts, ends, keys) -> bytes
 *
 * A document's tokens laid out to be stored (see the function).
 *
 * run_rows(run, runs, block) -> (common, blocks)
 *
 * The rows of one run of postings made of sorted runs (see the function).
 *
 * stem_english(word) -> str | None
 *
 * nltk's English Snowball stem of an ASCII word (see the function), or None: ask nltk.
 *
 * normalize_word(surface, spellings, compounds, part_keys, stem) -> pieces | None
 *
 * A new word's pieces (offset, length, key, id) as reusecheck.text.Tokenizer._normalize
 * makes them, for an ASCII word whose parts' keys are found in part_keys or made here
 * (British spellings, numbers, English stems where `stem`; ids by key_id) and stored
 * there; None where Python must normalize it (not ASCII, a stem only nltk makes).
 *
 * key_id(key) -> int
 *
 * reusecheck.text.token_id: the first 8 bytes of the key's BLAKE2b (RFC 7693), little-endian.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

static inline int is_word(Py_UCS4 c)
{
    return Py_UNICODE_ISALNUM(c) || c == '_';
}

static inline int is_joiner(Py_UCS4 c)
{
    return c == '\'' || c == 0x2019 || c == '.' || c == ',';
}

/* Whether character i belongs to a word: alphanumeric, or a joiner between two word characters. */
static inline int in_word(int kind, const void *data, Py_ssize_t n, Py_ssize_t i)
{
    Py_UCS4 c = PyUnicode_READ(kind, data, i);
    if (c < 128) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
            return 1;
        }
    }
    else if (Py_UNICODE_ISALNUM(c)) {
        return 1;
    }
    return is_joiner(c) && i > 0 && i + 1 < n && is_word(PyUnicode_READ(kind, data, i - 1))
           && is_word(PyUnicode_READ(kind, data, i + 1));
}

typedef struct {
    int64_t *values;
    Py_ssize_t size;
    Py_ssize_t room;
} Buffer;

static int append(Buffer *buffer, int64_t value)
{
    if (buffer->size == buffer->room) {
        Py_ssize_t room = buffer->room ? 2 * buffer->room : 256;
        int64_t *values = PyMem_Realloc(buffer->values, (size_t)room * sizeof(int64_t));
        if (values == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        buffer->values = values;
        buffer->room = room;
    }
    buffer->values[buffer->size++] = value;
    return 0;
}

static PyObject *as_bytes(Buffer *buffer)
{
    return PyBytes_FromStringAndSize(buffer->values ? (const char *)buffer->values : "",
                                     buffer->size * (Py_ssize_t)sizeof(int64_t));
}

/* WordTable: the word cache's numbers by word, looked up from the text's characters in place
 * (no str made for a word already there). Open addressing, linear probing, at most half full. */

typedef struct {
    uint64_t hash;
    PyObject *word; /* NULL: an empty slot */
    int64_t number;
} Slot;

typedef struct {
    PyObject_HEAD
    Slot *slots;
    Py_ssize_t room; /* a power of two */
    Py_ssize_t size;
} WordTable;

static void word_table_dealloc(WordTable *table)
{
    for (Py_ssize_t k = 0; k < table->room; k++) {
        Py_XDECREF(table->slots[k].word);
    }
    PyMem_Free(table->slots);
    Py_TYPE(table)->tp_free((PyObject *)table);
}

static PyObject *word_table_new(PyTypeObject *type, PyObject *args, PyObject *kwargs)
{
    if (PyTuple_GET_SIZE(args) || (kwargs != NULL && PyDict_GET_SIZE(kwargs))) {
        PyErr_SetString(PyExc_TypeError, "WordTable() takes no arguments");
        return NULL;
    }
    WordTable *table = (WordTable *)type->tp_alloc(type, 0);
    if (table == NULL) {
        return NULL;
    }
    table->room = 1024;
    table->slots = PyMem_Calloc((size_t)table->room, sizeof(Slot));
    if (table->slots == NULL) {
        Py_DECREF(table);
        return PyErr_NoMemory();
    }
    return (PyObject *)table;
}

static Py_ssize_t word_table_length(WordTable *table) { return table->size; }

static PySequenceMethods word_table_sequence = {.sq_length = (lenfunc)word_table_length};

static PyTypeObject WordTableType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "reusecheck._native.WordTable",
    .tp_basicsize = sizeof(WordTable),
    .tp_dealloc = (destructor)word_table_dealloc,
    .tp_as_sequence = &word_table_sequence,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "WordTable(): split_words' numbers of the words it has seen (len: how many).",
    .tp_new = word_table_new,
};

/* A hash of characters start .. end - 1 of the text (the same for a word in texts of any kind). */
static inline uint64_t hash_chars(int kind, const void *data, Py_ssize_t start, Py_ssize_t end)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (Py_ssize_t i = start; i < end; i++) {
        h = (h ^ PyUnicode_READ(kind, data, i)) * 0x100000001b3ULL;
    }
    return h ^ (h >> 29);
}

static inline int same_chars(PyObject *word, int kind, const void *data, Py_ssize_t start, Py_ssize_t length)
{
    if (PyUnicode_GET_LENGTH(word) != length) {
        return 0;
    }
    int word_kind = PyUnicode_KIND(word);
    const void *word_data = PyUnicode_DATA(word);
    if (word_kind == kind) {
        return memcmp(word_data, (const char *)data + start * kind, (size_t)(length * kind)) == 0;
    }
    for (Py_ssize_t i = 0; i < length; i++) {
        if (PyUnicode_READ(word_kind, word_data, i) != PyUnicode_READ(kind, data, start + i)) {
            return 0;
        }
    }
    return 1;
}

/* The slot of the word at start .. end - 1: its own, or the empty one where it would go. */
static inline Slot *find_slot(WordTable *table, uint64_t hash, int kind, const void *data, Py_ssize_t start,
                              Py_ssize_t end)
{
    Py_ssize_t mask = table->room - 1;
    for (Py_ssize_t k = (Py_ssize_t)(hash & (uint64_t)mask);; k = (k + 1) & mask) {
        Slot *slot = &table->slots[k];
        if (slot->word == NULL || (slot->hash == hash && same_chars(slot->word, kind, data, start, end - start))) {
            return slot;
        }
    }
}

static int grow(WordTable *table)
{
    Py_ssize_t room = 2 * table->room, mask = room - 1;
    Slot *slots = PyMem_Calloc((size_t)room, sizeof(Slot));
    if (slots == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t k = 0; k < table->room; k++) {
        Slot *old = &table->slots[k];
        if (old->word != NULL) {
            Py_ssize_t j = (Py_ssize_t)(old->hash & (uint64_t)mask);
            while (slots[j].word != NULL) {
                j = (j + 1) & mask;
            }
            slots[j] = *old;
        }
    }
    PyMem_Free(table->slots);
    table->slots = slots;
    table->room = room;
    return 0;
}

/* The number of the word at start .. end - 1 of text: from the table, or from `missing(word)`
 * (then kept in the table); -1 with an exception set on failure. */
static int64_t word_number(WordTable *table, PyObject *text, int kind, const void *data, Py_ssize_t start,
                           Py_ssize_t end, PyObject *missing)
{
    uint64_t hash = hash_chars(kind, data, start, end);
    Slot *slot = find_slot(table, hash, kind, data, start, end);
    if (slot->word != NULL) {
        return slot->number;
    }
    PyObject *word = PyUnicode_Substring(text, start, end);
    if (word == NULL) {
        return -1;
    }
    PyObject *number = PyObject_CallOneArg(missing, word);
    long long value = number == NULL ? -1 : PyLong_AsLongLong(number);
    Py_XDECREF(number);
    if (value < 0) {
        if (!PyErr_Occurred()) {
            PyErr_SetString(PyExc_ValueError, "split_words: `missing` gave a negative number");
        }
        Py_DECREF(word);
        return -1;
    }
    if (2 * (table->size + 1) > table->room && grow(table) < 0) {
        Py_DECREF(word);
        return -1;
    }
    slot = find_slot(table, hash, kind, data, start, end); /* again: `missing` ran Python code */
    if (slot->word != NULL) { /* `missing` numbered it through this table meanwhile */
        Py_DECREF(word);
        return slot->number;
    }
    slot->hash = hash;
    slot->word = word; /* the table keeps the reference */
    slot->number = value;
    table->size++;
    return value;
}

static PyObject *split_words(PyObject *self, PyObject *args)
{
    PyObject *text, *missing;
    WordTable *table;
    if (!PyArg_ParseTuple(args, "UO!O:split_words", &text, &WordTableType, &table, &missing)) {
        return NULL;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Buffer starts = {NULL, 0, 0}, words = {NULL, 0, 0};
    PyObject *result = NULL;
    Py_ssize_t i = 0;
    while (i < n) {
        if (!in_word(kind, data, n, i)) {
            i++;
            continue;
        }
        Py_ssize_t start = i;
        while (i < n && in_word(kind, data, n, i)) {
            i++;
        }
        int64_t number = word_number(table, text, kind, data, start, i, missing);
        if (number < 0 || append(&starts, (int64_t)start) < 0 || append(&words, number) < 0) {
            goto done;
        }
    }
    result = Py_BuildValue("(NN)", as_bytes(&starts), as_bytes(&words));
done:
    PyMem_Free(starts.values);
    PyMem_Free(words.values);
    return result;
}

typedef struct {
    Py_buffer view;
    Py_ssize_t size; /* items of 8 bytes */
} Int64s;

static int get_int64s(PyObject *object, Int64s *out, const char *name)
{
    if (PyObject_GetBuffer(object, &out->view, PyBUF_C_CONTIGUOUS) < 0) {
        return -1;
    }
    if (out->view.itemsize != 8 || out->view.len % 8) {
        PyBuffer_Release(&out->view);
        PyErr_Format(PyExc_TypeError, "%s: expected an array of 8-byte items", name);
        return -1;
    }
    out->size = out->view.len / 8;
    return 0;
}

static PyObject *lay_out(PyObject *self, PyObject *args)
{
    PyObject *objects[7], *keys;
    static const char *names[7] = {"word_starts", "words", "first", "count", "offset", "length", "ids"};
    Int64s arrays[7];
    int held = 0;
    PyObject *starts = NULL, *ends = NULL, *ids = NULL, *token_keys = NULL, *result = NULL;
    if (!PyArg_ParseTuple(args, "OOOOOOOO!:lay_out", &objects[0], &objects[1], &objects[2], &objects[3], &objects[4],
                          &objects[5], &objects[6], &PyList_Type, &keys)) {
        return NULL;
    }
    for (; held < 7; held++) {
        if (get_int64s(objects[held], &arrays[held], names[held]) < 0) {
            goto done;
        }
    }
    const int64_t *word_starts = arrays[0].view.buf, *words = arrays[1].view.buf, *first = arrays[2].view.buf,
                  *count = arrays[3].view.buf, *offset = arrays[4].view.buf, *length = arrays[5].view.buf;
    const uint64_t *piece_ids = arrays[6].view.buf;
    Py_ssize_t n_words = arrays[1].size, n_cached = arrays[2].size, n_pieces = arrays[4].size;
    Py_ssize_t n_keys = PyList_GET_SIZE(keys);
    if (arrays[0].size != n_words || arrays[3].size != n_cached || arrays[5].size != n_pieces
        || arrays[6].size != n_pieces) {
        PyErr_SetString(PyExc_ValueError, "lay_out: arrays of different lengths");
        goto done;
    }
    Py_ssize_t total = 0;
    for (Py_ssize_t k = 0; k < n_words; k++) {
        int64_t w = words[k];
        if (w < 0 || w >= n_cached || first[w] < 0 || count[w] < 0 || first[w] + count[w] > n_pieces
            || first[w] + count[w] > n_keys) {
            PyErr_SetString(PyExc_IndexError, "lay_out: a word outside the word cache");
            goto done;
        }
        total += count[w];
    }
    starts = PyByteArray_FromStringAndSize(NULL, total * 8);
    ends = PyByteArray_FromStringAndSize(NULL, total * 8);
    ids = PyByteArray_FromStringAndSize(NULL, total * 8);
    token_keys = PyTuple_New(total);
    if (starts == NULL || ends == NULL || ids == NULL || token_keys == NULL) {
        goto done;
    }
    int64_t *out_starts = (int64_t *)PyByteArray_AS_STRING(starts), *out_ends = (int64_t *)PyByteArray_AS_STRING(ends);
    uint64_t *out_ids = (uint64_t *)PyByteArray_AS_STRING(ids);
    Py_ssize_t t = 0;
    for (Py_ssize_t k = 0; k < n_words; k++) {
        int64_t w = words[k];
        for (int64_t p = first[w]; p < first[w] + count[w]; p++, t++) {
            out_starts[t] = word_starts[k] + offset[p];
            out_ends[t] = out_starts[t] + length[p];
            out_ids[t] = piece_ids[p];
            PyObject *key = PyList_GET_ITEM(keys, p);
            Py_INCREF(key);
            PyTuple_SET_ITEM(token_keys, t, key);
        }
    }
    result = PyTuple_Pack(4, starts, ends, ids, token_keys);
done:
    for (int k = 0; k < held; k++) {
        PyBuffer_Release(&arrays[k].view);
    }
    Py_XDECREF(starts);
    Py_XDECREF(ends);
    Py_XDECREF(ids);
    Py_XDECREF(token_keys);
    return result;
}

/* ---- sort_postings(hashes, documents) -> (hashes, documents) ------------------------------
 *
 * Postings (int64 hashes and documents) in hash order, equal hashes in their given order:
 * what a stable sort by hash gives (numpy's argsort(kind="stable")). The hashes' top 16 bits
 * (sign flipped) spread them over 65,536 buckets in one counting pass and one stable scatter;
 * each bucket is then sorted on its own (insertion sort when small, else a stable merge
 * sort), so random 64-bit hashes cost about two passes over the postings. */

#define BUCKET_BITS 16
#define SMALL_BUCKET 32

typedef struct {
    uint64_t key;
    int64_t document;
} Posting;

static void insertion_sort(Posting *items, Py_ssize_t n)
{
    for (Py_ssize_t i = 1; i < n; i++) {
        Posting item = items[i];
        Py_ssize_t j = i;
        while (j > 0 && items[j - 1].key > item.key) { /* strict: equal keys keep their order */
            items[j] = items[j - 1];
            j--;
        }
        items[j] = item;
    }
}

/* Stable: runs of SMALL_BUCKET sorted by insertion, then merged pairwise through `spare`. */
static void merge_sort(Posting *items, Posting *spare, Py_ssize_t n)
{
    for (Py_ssize_t a = 0; a < n; a += SMALL_BUCKET) {
        insertion_sort(items + a, a + SMALL_BUCKET < n ? SMALL_BUCKET : n - a);
    }
    Posting *from = items, *to = spare;
    for (Py_ssize_t width = SMALL_BUCKET; width < n; width *= 2) {
        for (Py_ssize_t a = 0; a < n; a += 2 * width) {
            Py_ssize_t middle = a + width < n ? a + width : n, end = a + 2 * width < n ? a + 2 * width : n;
            Py_ssize_t i = a, j = middle, t = a;
            while (i < middle && j < end) {
                to[t++] = from[j].key < from[i].key ? from[j++] : from[i++]; /* ties: the left one first */
            }
            while (i < middle) {
                to[t++] = from[i++];
            }
            while (j < end) {
                to[t++] = from[j++];
            }
        }
        Posting *swap = from;
        from = to;
        to = swap;
    }
    if (from != items) {
        memcpy(items, from, (size_t)n * sizeof(Posting));
    }
}

static PyObject *sort_postings(PyObject *self, PyObject *args)
{
    PyObject *objects[2];
    static const char *names[2] = {"hashes", "documents"};
    Int64s arrays[2];
    int held = 0;
    PyObject *out_hashes = NULL, *out_documents = NULL, *result = NULL;
    Posting *sorted = NULL, *spare = NULL;
    Py_ssize_t *starts = NULL;
    if (!PyArg_ParseTuple(args, "OO:sort_postings", &objects[0], &objects[1])) {
        return NULL;
    }
    for (; held < 2; held++) {
        if (get_int64s(objects[held], &arrays[held], names[held]) < 0) {
            goto done;
        }
    }
    Py_ssize_t n = arrays[0].size;
    if (arrays[1].size != n) {
        PyErr_SetString(PyExc_ValueError, "sort_postings: arrays of different lengths");
        goto done;
    }
    const int64_t *hashes = arrays[0].view.buf, *documents = arrays[1].view.buf;
    out_hashes = PyBytes_FromStringAndSize(NULL, n * 8);
    out_documents = PyBytes_FromStringAndSize(NULL, n * 8);
    sorted = PyMem_Malloc((size_t)(n ? n : 1) * sizeof(Posting));
    starts = PyMem_Calloc(((size_t)1 << BUCKET_BITS) + 1, sizeof(Py_ssize_t));
    if (out_hashes == NULL || out_documents == NULL || sorted == NULL || starts == NULL) {
        if (!PyErr_Occurred()) {
            PyErr_NoMemory();
        }
        goto done;
    }
    const int shift = 64 - BUCKET_BITS;
    const uint64_t sign = (uint64_t)1 << 63;
    for (Py_ssize_t i = 0; i < n; i++) {
        starts[(((uint64_t)hashes[i] ^ sign) >> shift) + 1]++;
    }
    Py_ssize_t largest = 0;
    for (Py_ssize_t b = 1; b <= ((Py_ssize_t)1 << BUCKET_BITS); b++) {
        largest = starts[b] > largest ? starts[b] : largest;
        starts[b] += starts[b - 1];
    }
    if (largest > SMALL_BUCKET && (spare = PyMem_Malloc((size_t)largest * sizeof(Posting))) == NULL) {
        PyErr_NoMemory(); /* the merge sort's room: only as large as the largest bucket */
        goto done;
    }
    int64_t *to_hashes = (int64_t *)PyBytes_AS_STRING(out_hashes), *to_documents = (int64_t *)PyBytes_AS_STRING(out_documents);
    Py_BEGIN_ALLOW_THREADS /* only C memory from here (the buffers are held) */
    for (Py_ssize_t i = 0; i < n; i++) { /* stable scatter; starts[b]: where bucket b's next posting goes */
        uint64_t key = (uint64_t)hashes[i] ^ sign;
        Py_ssize_t to = starts[key >> shift]++;
        sorted[to].key = key;
        sorted[to].document = documents[i];
    }
    /* starts[b] is now bucket b's end, and starts[b - 1] its start (0 for the first) */
    for (Py_ssize_t b = 0, a = 0; b < ((Py_ssize_t)1 << BUCKET_BITS); a = starts[b], b++) {
        Py_ssize_t size = starts[b] - a;
        if (size <= SMALL_BUCKET) {
            insertion_sort(sorted + a, size);
        }
        else {
            merge_sort(sorted + a, spare, size);
        }
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        to_hashes[i] = (int64_t)(sorted[i].key ^ sign);
        to_documents[i] = sorted[i].document;
    }
    Py_END_ALLOW_THREADS
    result = PyTuple_Pack(2, out_hashes, out_documents);
done:
    for (int k = 0; k < held; k++) {
        PyBuffer_Release(&arrays[k].view);
    }
    PyMem_Free(sorted);
    PyMem_Free(spare);
    PyMem_Free(starts);
    Py_XDECREF(out_hashes);
    Py_XDECREF(out_documents);
    return result;
}

/* ---- merge_postings(hashes, documents, more_hashes, more_documents) -> (hashes, documents) -----
 *
 * Two runs of int64 postings, each sorted by hash, merged into one in hash order, equal
 * hashes the first run's first (a stable sort of the first run, then the second, orders
 * them so); returned as the bytes of native int64 arrays. */

static PyObject *merge_postings(PyObject *self, PyObject *args)
{
    PyObject *objects[4];
    static const char *names[4] = {"hashes", "documents", "more_hashes", "more_documents"};
    Int64s arrays[4];
    int held = 0;
    PyObject *out_hashes = NULL, *out_documents = NULL, *result = NULL;
    if (!PyArg_ParseTuple(args, "OOOO:merge_postings", &objects[0], &objects[1], &objects[2], &objects[3])) {
        return NULL;
    }
    for (; held < 4; held++) {
        if (get_int64s(objects[held], &arrays[held], names[held]) < 0) {
            goto done;
        }
    }
    Py_ssize_t n = arrays[0].size, m = arrays[2].size;
    if (arrays[1].size != n || arrays[3].size != m) {
        PyErr_SetString(PyExc_ValueError, "merge_postings: arrays of different lengths");
        goto done;
    }
    const int64_t *a = arrays[0].view.buf, *a_documents = arrays[1].view.buf;
    const int64_t *b = arrays[2].view.buf, *b_documents = arrays[3].view.buf;
    for (int run = 0; run < 2; run++) {
        const int64_t *hashes = run ? b : a;
        for (Py_ssize_t i = 1, size = run ? m : n; i < size; i++) {
            if (hashes[i] < hashes[i - 1]) {
                PyErr_SetString(PyExc_ValueError, "merge_postings: hashes not sorted");
                goto done;
            }
        }
    }
    out_hashes = PyBytes_FromStringAndSize(NULL, (n + m) * 8);
    out_documents = PyBytes_FromStringAndSize(NULL, (n + m) * 8);
    if (out_hashes == NULL || out_documents == NULL) {
        goto done;
    }
    int64_t *to = (int64_t *)PyBytes_AS_STRING(out_hashes), *to_documents = (int64_t *)PyBytes_AS_STRING(out_documents);
    Py_BEGIN_ALLOW_THREADS /* only C memory from here (the buffers are held) */
    Py_ssize_t i = 0, j = 0, t = 0;
    while (i < n && j < m) { /* without branches: the comparisons of random hashes are not predictable */
        int second = b[j] < a[i]; /* ties: the first run's first */
        to[t] = second ? b[j] : a[i];
        to_documents[t++] = second ? b_documents[j] : a_documents[i];
        j += second;
        i += !second;
    }
    memcpy(to + t, a + i, (size_t)(n - i) * 8);
    memcpy(to_documents + t, a_documents + i, (size_t)(n - i) * 8);
    t += n - i;
    memcpy(to + t, b + j, (size_t)(m - j) * 8);
    memcpy(to_documents + t, b_documents + j, (size_t)(m - j) * 8);
    Py_END_ALLOW_THREADS
    result = PyTuple_Pack(2, out_hashes, out_documents);
done:
    for (int k = 0; k < held; k++) {
        PyBuffer_Release(&arrays[k].view);
    }
    Py_XDECREF(out_hashes);
    Py_XDECREF(out_documents);
    return result;
}

/* ---- token_bytes(starts, ends, keys) -> bytes ------------------------------------------------
 *
 * A document's tokens as reusecheck.index.pack_tokens lays them out before compressing: the
 * count, the first start, the steps from one start to the next and each token's length, as
 * native int32 (as numpy's int32 array with unsafe casting), then the keys in UTF-8 joined
 * by NUL. */

static PyObject *token_bytes(PyObject *self, PyObject *args)
{
    PyObject *objects[2], *keys_object, *keys = NULL, *result = NULL;
    static const char *names[2] = {"starts", "ends"};
    Int64s arrays[2];
    int held = 0;
    if (!PyArg_ParseTuple(args, "OOO:token_bytes", &objects[0], &objects[1], &keys_object)) {
        return NULL;
    }
    for (; held < 2; held++) {
        if (get_int64s(objects[held], &arrays[held], names[held]) < 0) {
            goto done;
        }
    }
    keys = PySequence_Fast(keys_object, "token_bytes: keys must be a sequence");
    if (keys == NULL) {
        goto done;
    }
    Py_ssize_t n = PySequence_Fast_GET_SIZE(keys);
    if (arrays[0].size != n || arrays[1].size != n) {
        PyErr_SetString(PyExc_ValueError, "token_bytes: starts, ends and keys of different lengths");
        goto done;
    }
    Py_ssize_t text = n ? n - 1 : 0; /* the separators */
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_ssize_t size;
        PyObject *key = PySequence_Fast_GET_ITEM(keys, i);
        if (!PyUnicode_Check(key)) {
            PyErr_SetString(PyExc_TypeError, "token_bytes: keys must be str");
            goto done;
        }
        if (PyUnicode_AsUTF8AndSize(key, &size) == NULL) {
            goto done;
        }
        text += size;
    }
    result = PyBytes_FromStringAndSize(NULL, 4 * (1 + 2 * n) + text);
    if (result == NULL) {
        goto done;
    }
    char *to = PyBytes_AS_STRING(result);
    const int64_t *starts = arrays[0].view.buf, *ends = arrays[1].view.buf;
    int32_t number = (int32_t)n;
    memcpy(to, &number, 4);
    for (Py_ssize_t i = 0; i < n; i++) {
        number = (int32_t)(uint32_t)(uint64_t)(i ? starts[i] - starts[i - 1] : starts[0]);
        memcpy(to + 4 * (1 + i), &number, 4);
        number = (int32_t)(uint32_t)(uint64_t)(ends[i] - starts[i]);
        memcpy(to + 4 * (1 + n + i), &number, 4);
    }
    to += 4 * (1 + 2 * n);
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_ssize_t size;
        const char *utf8 = PyUnicode_AsUTF8AndSize(PySequence_Fast_GET_ITEM(keys, i), &size);
        if (i) {
            *to++ = '\0';
        }
        memcpy(to, utf8, (size_t)size);
        to += size;
    }
done:
    for (int k = 0; k < held; k++) {
        PyBuffer_Release(&arrays[k].view);
    }
    Py_XDECREF(keys);
    if (PyErr_Occurred()) {
        Py_CLEAR(result);
    }
    return result;
}

/* ---- run_rows(run, runs, block) -> (common, blocks) -----------------------------------------
 *
 * The rows of one run of postings made of `runs`, a list of (hashes, documents) int64 arrays
 * each sorted by hash, merged as a stable sort of them one after another orders them (equal
 * hashes in the order of their runs), as reusecheck.postings writes them: a hash held by
 * more than `block` postings gets a `common` row (hash, run, count, documents as
 * little-endian int32); the other postings are cut into blocks, each starting at the first
 * hash's first posting at or after a multiple of `block` postings (a hash is never split; a
 * multiple within the last hash's postings starts the block at them), each a `blocks` row
 * (run, first hash, last hash, count, hashes as little-endian int64, documents as
 * little-endian int32). The runs are merged as the rows are made (a heap of their heads):
 * no merged copy of the postings is made. */

typedef struct {
    const int64_t *hashes, *documents;
    Py_ssize_t at, size;
} Run;

/* Whether run a's head comes before run b's: smaller hash, or the same and an earlier run. */
static inline int before(const Run *runs, Py_ssize_t a, Py_ssize_t b)
{
    int64_t x = runs[a].hashes[runs[a].at], y = runs[b].hashes[runs[b].at];
    return x < y || (x == y && a < b);
}

static void sift_down(const Run *runs, Py_ssize_t *heap, Py_ssize_t size, Py_ssize_t i)
{
    for (;;) {
        Py_ssize_t smallest = i, left = 2 * i + 1, right = left + 1;
        if (left < size && before(runs, heap[left], heap[smallest])) {
            smallest = left;
        }
        if (right < size && before(runs, heap[right], heap[smallest])) {
            smallest = right;
        }
        if (smallest == i) {
            return;
        }
        Py_ssize_t swap = heap[i];
        heap[i] = heap[smallest];
        heap[smallest] = swap;
        i = smallest;
    }
}

static void put_le(char *to, uint64_t value, int size)
{
    for (int k = 0; k < size; k++) {
        to[k] = (char)(value >> (8 * k));
    }
}

/* A bytes object of `values[0..n)` as little-endian integers of `size` bytes. */
static PyObject *le_bytes(const int64_t *values, Py_ssize_t n, int size)
{
    PyObject *out = PyBytes_FromStringAndSize(NULL, n * size);
    if (out == NULL) {
        return NULL;
    }
    char *to = PyBytes_AS_STRING(out);
#if PY_LITTLE_ENDIAN
    if (size == 8) { /* the values' own bytes */
        memcpy(to, values, (size_t)n * 8);
        return out;
    }
    if (size == 4) {
        for (Py_ssize_t i = 0; i < n; i++) {
            int32_t value = (int32_t)values[i];
            memcpy(to + 4 * i, &value, 4);
        }
        return out;
    }
#endif
    for (Py_ssize_t i = 0; i < n; i++) {
        put_le(to + i * size, (uint64_t)values[i], size);
    }
    return out;
}

static int append_row(PyObject *rows, PyObject *row)
{
    if (row == NULL) {
        return -1;
    }
    int failed = PyList_Append(rows, row);
    Py_DECREF(row);
    return failed;
}

/* The blocks row of postings [a, b) of `block_hashes`/`block_documents`. */
static int append_block(PyObject *blocks, PyObject *run, const Buffer *hashes, const Buffer *documents, Py_ssize_t a,
                        Py_ssize_t b)
{
    PyObject *hash_bytes = le_bytes(hashes->values + a, b - a, 8);
    PyObject *document_bytes = hash_bytes != NULL ? le_bytes(documents->values + a, b - a, 4) : NULL;
    if (document_bytes == NULL) {
        Py_XDECREF(hash_bytes);
        return -1;
    }
    return append_row(blocks, Py_BuildValue("(OLLnNN)", run, (long long)hashes->values[a],
                                            (long long)hashes->values[b - 1], b - a, hash_bytes, document_bytes));
}

static PyObject *run_rows(PyObject *self, PyObject *args)
{
    PyObject *run, *list;
    Py_ssize_t block;
    if (!PyArg_ParseTuple(args, "OO!n:run_rows", &run, &PyList_Type, &list, &block)) {
        return NULL;
    }
    if (block < 1) {
        PyErr_SetString(PyExc_ValueError, "run_rows: block must be positive");
        return NULL;
    }
    Py_ssize_t k = PyList_GET_SIZE(list), held = 0, live = 0;
    Int64s *arrays = PyMem_Calloc((size_t)(2 * k + 1), sizeof(Int64s));
    Run *runs = PyMem_Calloc((size_t)(k + 1), sizeof(Run));
    Py_ssize_t *heap = PyMem_Malloc((size_t)(k + 1) * sizeof(Py_ssize_t));
    Buffer group = {0}, block_hashes = {0}, block_documents = {0};
    PyObject *common = PyList_New(0), *blocks = PyList_New(0), *result = NULL;
    if (arrays == NULL || runs == NULL || heap == NULL || common == NULL || blocks == NULL) {
        if (!PyErr_Occurred()) {
            PyErr_NoMemory();
        }
        goto done;
    }
    for (Py_ssize_t r = 0; r < k; r++) {
        PyObject *hashes, *documents;
        if (!PyArg_ParseTuple(PyList_GET_ITEM(list, r), "OO:run_rows", &hashes, &documents)) {
            goto done;
        }
        for (int part = 0; part < 2; part++) {
            if (get_int64s(part ? documents : hashes, &arrays[held], part ? "documents" : "hashes") < 0) {
                goto done;
            }
            held++;
        }
        runs[r] = (Run){arrays[held - 2].view.buf, arrays[held - 1].view.buf, 0, arrays[held - 2].size};
        if (arrays[held - 1].size != runs[r].size) {
            PyErr_SetString(PyExc_ValueError, "run_rows: arrays of different lengths");
            goto done;
        }
        for (Py_ssize_t i = 1; i < runs[r].size; i++) {
            if (runs[r].hashes[i] < runs[r].hashes[i - 1]) {
                PyErr_SetString(PyExc_ValueError, "run_rows: hashes not sorted");
                goto done;
            }
        }
        if (runs[r].size) {
            heap[live++] = r;
        }
    }
    for (Py_ssize_t i = live / 2 - 1; i >= 0; i--) {
        sift_down(runs, heap, live, i);
    }
    Py_ssize_t kept = 0, start = 0, straddle = 0; /* postings kept out of common rows; the block's first; see below */
    while (live) {
        /* the next hash's postings, from every run holding it, in run order */
        int64_t hash = runs[heap[0]].hashes[runs[heap[0]].at];
        group.size = 0;
        while (live && runs[heap[0]].hashes[runs[heap[0]].at] == hash) {
            Run *top = &runs[heap[0]];
            for (; top->at < top->size && top->hashes[top->at] == hash; top->at++) {
                if (append(&group, top->documents[top->at]) < 0) {
                    goto done;
                }
            }
            if (top->at == top->size) {
                heap[0] = heap[--live];
            }
            sift_down(runs, heap, live, 0);
        }
        if (group.size > block) {
            if (append_row(common, Py_BuildValue("(LOnN)", (long long)hash, run, group.size,
                                                 le_bytes(group.values, group.size, 4))) < 0) {
                goto done;
            }
            continue;
        }
        Py_ssize_t target = (start / block + 1) * block;
        if (block_hashes.size && kept >= target) { /* a new block starts with this hash */
            if (append_block(blocks, run, &block_hashes, &block_documents, 0, block_hashes.size) < 0) {
                goto done;
            }
            block_hashes.size = block_documents.size = 0;
            start = kept;
            target = (start / block + 1) * block;
        }
        /* A hash across the next multiple: if it is the last one kept, the block ends before it. */
        straddle = kept > start && kept < target && kept + group.size > target ? kept - start : 0;
        for (Py_ssize_t i = 0; i < group.size; i++) {
            if (append(&block_hashes, hash) < 0 || append(&block_documents, group.values[i]) < 0) {
                goto done;
            }
        }
        kept += group.size;
    }
    if (block_hashes.size) {
        Py_ssize_t cut = straddle ? straddle : block_hashes.size;
        if (append_block(blocks, run, &block_hashes, &block_documents, 0, cut) < 0
            || (cut < block_hashes.size
                && append_block(blocks, run, &block_hashes, &block_documents, cut, block_hashes.size) < 0)) {
            goto done;
        }
    }
    result = PyTuple_Pack(2, common, blocks);
done:
    for (Py_ssize_t h = 0; h < held; h++) {
        PyBuffer_Release(&arrays[h].view);
    }
    PyMem_Free(arrays);
    PyMem_Free(runs);
    PyMem_Free(heap);
    PyMem_Free(group.values);
    PyMem_Free(block_hashes.values);
    PyMem_Free(block_documents.values);
    Py_XDECREF(common);
    Py_XDECREF(blocks);
    return result;
}

/* ---- stem_english(word) -> str | None ------------------------------------------------------
 *
 * nltk's English Snowball stemmer (nltk.stem.snowball.EnglishStemmer.stem), step for step,
 * for ASCII words: the word and its regions R1 and R2 are kept as the three strings nltk
 * keeps, changed by the same string operations, so its quirks (regions that lose their
 * tie to the word, "r2 = 'e'") come out the same. None for a word it does not take (not
 * ASCII, longer than STEM_MAX, or one where nltk's code would index outside the word):
 * the caller asks nltk then. */

#define STEM_MAX 250

typedef struct {
    char s[STEM_MAX + 8];
    Py_ssize_t n;
} Str;

static const char VOWELS[] = "aeiouy";

static inline int is_in(char c, const char *set) { return c != '\0' && strchr(set, c) != NULL; }
static inline int vowel(char c) { return is_in(c, VOWELS); }

static int ends(const Str *s, const char *suffix)
{
    Py_ssize_t k = (Py_ssize_t)strlen(suffix);
    return s->n >= k && memcmp(s->s + s->n - k, suffix, (size_t)k) == 0;
}

/* s = s[:-k] */
static void chop(Str *s, Py_ssize_t k) { s->n = s->n > k ? s->n - k : 0; }

/* s = s + tail */
static void add(Str *s, const char *tail)
{
    Py_ssize_t k = (Py_ssize_t)strlen(tail);
    memcpy(s->s + s->n, tail, (size_t)k);
    s->n += k;
}

/* s = suffix_replace(s, old, new) = s[:-len(old)] + new */
static void swap_suffix(Str *s, const char *old, const char *new_suffix)
{
    chop(s, (Py_ssize_t)strlen(old));
    add(s, new_suffix);
}

/* The region after the first non-vowel following a vowel, from position 1 of s (nltk's loop). */
static void region_after(const Str *s, Str *out)
{
    out->n = 0;
    for (Py_ssize_t i = 1; i < s->n; i++) {
        if (!vowel(s->s[i]) && vowel(s->s[i - 1])) {
            out->n = s->n - (i + 1);
            memcpy(out->s, s->s + i + 1, (size_t)out->n);
            return;
        }
    }
}

/* nltk: `if len(r) >= len(suffix): r = suffix_replace(r, suffix, new) else: r = otherwise` */
static void swap_region(Str *r, const char *suffix, const char *new_suffix, const char *otherwise)
{
    if (r->n >= (Py_ssize_t)strlen(suffix)) {
        swap_suffix(r, suffix, new_suffix);
    }
    else {
        r->n = 0;
        add(r, otherwise);
    }
}

/* nltk: `r = r[:-1] + last if len(r) >= 1 else ""` */
static void swap_last(Str *r, const char *last)
{
    if (r->n >= 1) {
        chop(r, 1);
        add(r, last);
    }
    else {
        r->n = 0;
    }
}

static void chop3(Str *w, Str *r1, Str *r2, Py_ssize_t k)
{
    chop(w, k);
    chop(r1, k);
    chop(r2, k);
}

static const char *const SPECIAL[][2] = {
    {"skis", "ski"}, {"skies", "sky"}, {"dying", "die"}, {"lying", "lie"}, {"tying", "tie"}, {"idly", "idl"},
    {"gently", "gentl"}, {"ugly", "ugli"}, {"early", "earli"}, {"only", "onli"}, {"singly", "singl"}, {"sky", "sky"},
    {"news", "news"}, {"howe", "howe"}, {"atlas", "atlas"}, {"cosmos", "cosmos"}, {"bias", "bias"},
    {"andes", "andes"}, {"inning", "inning"}, {"innings", "inning"}, {"outing", "outing"}, {"outings", "outing"},
    {"canning", "canning"}, {"cannings", "canning"}, {"herring", "herring"}, {"herrings", "herring"},
    {"earring", "earring"}, {"earrings", "earring"}, {"proceed", "proceed"}, {"proceeds", "proceed"},
    {"proceeded", "proceed"}, {"proceeding", "proceed"}, {"exceed", "exceed"}, {"exceeds", "exceed"},
    {"exceeded", "exceed"}, {"exceeding", "exceed"}, {"succeed", "succeed"}, {"succeeds", "succeed"},
    {"succeeded", "succeed"}, {"succeeding", "succeed"},
};

static const char *const STEP0[] = {"'s'", "'s", "'", NULL};
static const char *const STEP1A[] = {"sses", "ied", "ies", "us", "ss", "s", NULL};
static const char *const STEP1B[] = {"eedly", "ingly", "edly", "eed", "ing", "ed", NULL};
static const char *const STEP2[] = {"ization", "ational", "fulness", "ousness", "iveness", "tional", "biliti", "lessli",
                                    "entli", "ation", "alism", "aliti", "ousli", "iviti", "fulli", "enci", "anci",
                                    "abli", "izer", "ator", "alli", "bli", "ogi", "li", NULL};
static const char *const STEP3[] = {"ational", "tional", "alize", "icate", "iciti", "ative", "ical", "ness", "ful", NULL};
static const char *const STEP4[] = {"ement", "ance", "ence", "able", "ible", "ment", "ant", "ent", "ism",
                                    "ate", "iti", "ous", "ive", "ize", "ion", "al", "er", "ic", NULL};

static int among(const char *suffix, const char *const *set)
{
    for (; *set; set++) {
        if (strcmp(suffix, *set) == 0) {
            return 1;
        }
    }
    return 0;
}

static const char *first_ending(const Str *s, const char *const *suffixes)
{
    for (; *suffixes; suffixes++) {
        if (ends(s, *suffixes)) {
            return *suffixes;
        }
    }
    return NULL;
}

static int any_vowel(const char *s, Py_ssize_t n)
{
    for (Py_ssize_t i = 0; i < n; i++) {
        if (vowel(s[i])) {
            return 1;
        }
    }
    return 0;
}

/* The character w[-k] (Python indexing); -1 where nltk's code would raise IndexError. */
#define AT(w, k) ((w)->n >= (k) ? (int)(unsigned char)(w)->s[(w)->n - (k)] : -1)

/* Stems w in place: 1 done, 0 not taken (the caller asks nltk). */
static int stem_ascii(Str *w)
{
    Str r1, r2;
    const char *suffix;
    int c;
    for (Py_ssize_t i = 0; i < w->n; i++) {
        if (w->s[i] >= 'A' && w->s[i] <= 'Z') {
            w->s[i] = (char)(w->s[i] - 'A' + 'a');
        }
    }
    if (w->n <= 2) {
        return 1;
    }
    w->s[w->n] = '\0';
    for (size_t k = 0; k < sizeof SPECIAL / sizeof SPECIAL[0]; k++) {
        if (strcmp(w->s, SPECIAL[k][0]) == 0) {
            w->n = 0;
            add(w, SPECIAL[k][1]);
            return 1;
        }
    }
    if (w->s[0] == '\'') {
        memmove(w->s, w->s + 1, (size_t)(w->n - 1));
        w->n--;
    }
    if (w->n && w->s[0] == 'y') {
        w->s[0] = 'Y';
    }
    for (Py_ssize_t i = 1; i < w->n; i++) {
        if (vowel(w->s[i - 1]) && w->s[i] == 'y') {
            w->s[i] = 'Y';
        }
    }
    r2.n = 0;
    if ((w->n >= 5 && (memcmp(w->s, "gener", 5) == 0 || memcmp(w->s, "arsen", 5) == 0))
        || (w->n >= 6 && memcmp(w->s, "commun", 6) == 0)) {
        Py_ssize_t skip = w->s[0] == 'c' ? 6 : 5;
        r1.n = w->n - skip;
        memcpy(r1.s, w->s + skip, (size_t)r1.n);
    }
    else {
        region_after(w, &r1);
    }
    region_after(&r1, &r2);

    /* Step 0 */
    if ((suffix = first_ending(w, STEP0)) != NULL) {
        chop3(w, &r1, &r2, (Py_ssize_t)strlen(suffix));
    }

    /* Step 1a */
    if ((suffix = first_ending(w, STEP1A)) != NULL) {
        if (strcmp(suffix, "sses") == 0) {
            chop3(w, &r1, &r2, 2);
        }
        else if (strcmp(suffix, "ied") == 0 || strcmp(suffix, "ies") == 0) {
            chop3(w, &r1, &r2, w->n - 3 > 1 ? 2 : 1);
        }
        else if (strcmp(suffix, "s") == 0) {
            if (any_vowel(w->s, w->n > 2 ? w->n - 2 : 0)) {
                chop3(w, &r1, &r2, 1);
            }
        }
    }

    /* Step 1b */
    if ((suffix = first_ending(w, STEP1B)) != NULL) {
        Py_ssize_t k = (Py_ssize_t)strlen(suffix);
        if (strcmp(suffix, "eed") == 0 || strcmp(suffix, "eedly") == 0) {
            if (ends(&r1, suffix)) {
                swap_suffix(w, suffix, "ee");
                swap_region(&r1, suffix, "ee", "");
                swap_region(&r2, suffix, "ee", "");
            }
        }
        else if (any_vowel(w->s, w->n > k ? w->n - k : 0)) {
            chop3(w, &r1, &r2, k);
            if (ends(w, "at") || ends(w, "bl") || ends(w, "iz")) {
                add(w, "e");
                add(&r1, "e");
                if (w->n > 5 || r1.n >= 3) {
                    add(&r2, "e");
                }
            }
            else if (ends(w, "bb") || ends(w, "dd") || ends(w, "ff") || ends(w, "gg") || ends(w, "mm")
                     || ends(w, "nn") || ends(w, "pp") || ends(w, "rr") || ends(w, "tt")) {
                chop3(w, &r1, &r2, 1);
            }
            else if ((r1.n == 0 && w->n >= 3 && !vowel(w->s[w->n - 1]) && !is_in(w->s[w->n - 1], "wxY")
                      && vowel(w->s[w->n - 2]) && !vowel(w->s[w->n - 3]))
                     || (r1.n == 0 && w->n == 2 && vowel(w->s[0]) && !vowel(w->s[1]))) {
                add(w, "e");
                if (r1.n > 0) {
                    add(&r1, "e");
                }
                if (r2.n > 0) {
                    add(&r2, "e");
                }
            }
        }
    }

    /* Step 1c */
    if (w->n > 2 && is_in(w->s[w->n - 1], "yY") && !vowel(w->s[w->n - 2])) {
        chop(w, 1);
        add(w, "i");
        swap_last(&r1, "i");
        swap_last(&r2, "i");
    }

    /* Step 2 */
    if ((suffix = first_ending(w, STEP2)) != NULL && ends(&r1, suffix)) {
        if (strcmp(suffix, "tional") == 0 || strcmp(suffix, "entli") == 0 || strcmp(suffix, "fulli") == 0
            || strcmp(suffix, "lessli") == 0) {
            chop3(w, &r1, &r2, 2);
        }
        else if (among(suffix, (const char *const[]){"enci", "anci", "abli", NULL})) {
            chop(w, 1);
            add(w, "e");
            swap_last(&r1, "e");
            swap_last(&r2, "e");
        }
        else if (among(suffix, (const char *const[]){"izer", "ization", NULL})) {
            swap_suffix(w, suffix, "ize");
            swap_region(&r1, suffix, "ize", "");
            swap_region(&r2, suffix, "ize", "");
        }
        else if (among(suffix, (const char *const[]){"ational", "ation", "ator", NULL})) {
            swap_suffix(w, suffix, "ate");
            swap_region(&r1, suffix, "ate", "");
            swap_region(&r2, suffix, "ate", "e");
        }
        else if (among(suffix, (const char *const[]){"alism", "aliti", "alli", NULL})) {
            swap_suffix(w, suffix, "al");
            swap_region(&r1, suffix, "al", "");
            swap_region(&r2, suffix, "al", "");
        }
        else if (strcmp(suffix, "fulness") == 0) {
            chop3(w, &r1, &r2, 4);
        }
        else if (among(suffix, (const char *const[]){"ousli", "ousness", NULL})) {
            swap_suffix(w, suffix, "ous");
            swap_region(&r1, suffix, "ous", "");
            swap_region(&r2, suffix, "ous", "");
        }
        else if (among(suffix, (const char *const[]){"iveness", "iviti", NULL})) {
            swap_suffix(w, suffix, "ive");
            swap_region(&r1, suffix, "ive", "");
            swap_region(&r2, suffix, "ive", "e");
        }
        else if (among(suffix, (const char *const[]){"biliti", "bli", NULL})) {
            swap_suffix(w, suffix, "ble");
            swap_region(&r1, suffix, "ble", "");
            swap_region(&r2, suffix, "ble", "");
        }
        else if (strcmp(suffix, "ogi") == 0) {
            if ((c = AT(w, 4)) < 0) {
                return 0;
            }
            if (c == 'l') {
                chop3(w, &r1, &r2, 1);
            }
        }
        else if (strcmp(suffix, "li") == 0) {
            if ((c = AT(w, 3)) < 0) {
                return 0;
            }
            if (is_in((char)c, "cdeghkmnrt")) {
                chop3(w, &r1, &r2, 2);
            }
        }
    }

    /* Step 3 */
    if ((suffix = first_ending(w, STEP3)) != NULL && ends(&r1, suffix)) {
        if (strcmp(suffix, "tional") == 0) {
            chop3(w, &r1, &r2, 2);
        }
        else if (strcmp(suffix, "ational") == 0) {
            swap_suffix(w, suffix, "ate");
            swap_region(&r1, suffix, "ate", "");
            swap_region(&r2, suffix, "ate", "");
        }
        else if (strcmp(suffix, "alize") == 0) {
            chop3(w, &r1, &r2, 3);
        }
        else if (among(suffix, (const char *const[]){"icate", "iciti", "ical", NULL})) {
            swap_suffix(w, suffix, "ic");
            swap_region(&r1, suffix, "ic", "");
            swap_region(&r2, suffix, "ic", "");
        }
        else if (strcmp(suffix, "ful") == 0 || strcmp(suffix, "ness") == 0) {
            chop3(w, &r1, &r2, (Py_ssize_t)strlen(suffix));
        }
        else if (strcmp(suffix, "ative") == 0 && ends(&r2, suffix)) {
            chop3(w, &r1, &r2, 5);
        }
    }

    /* Step 4 */
    if ((suffix = first_ending(w, STEP4)) != NULL && ends(&r2, suffix)) {
        if (strcmp(suffix, "ion") == 0) {
            if ((c = AT(w, 4)) < 0) {
                return 0;
            }
            if (c == 's' || c == 't') {
                chop3(w, &r1, &r2, 3);
            }
        }
        else {
            chop3(w, &r1, &r2, (Py_ssize_t)strlen(suffix));
        }
    }

    /* Step 5 */
    if (ends(&r2, "l") && AT(w, 2) < 0) {
        return 0;
    }
    if (ends(&r2, "l") && AT(w, 2) == 'l') {
        chop(w, 1);
    }
    else if (ends(&r2, "e")) {
        chop(w, 1);
    }
    else if (ends(&r1, "e")) {
        if (w->n >= 4 && (vowel(w->s[w->n - 2]) || is_in(w->s[w->n - 2], "wxY") || !vowel(w->s[w->n - 3])
                          || vowel(w->s[w->n - 4]))) {
            chop(w, 1);
        }
    }
    for (Py_ssize_t i = 0; i < w->n; i++) {
        if (w->s[i] == 'Y') {
            w->s[i] = 'y';
        }
    }
    return 1;
}

static PyObject *stem_english(PyObject *self, PyObject *word)
{
    if (!PyUnicode_Check(word)) {
        PyErr_SetString(PyExc_TypeError, "stem_english: expected a str");
        return NULL;
    }
    Py_ssize_t n;
    const char *text;
    Str w;
    if (!PyUnicode_IS_ASCII(word) || (n = PyUnicode_GET_LENGTH(word)) > STEM_MAX
        || (text = PyUnicode_AsUTF8AndSize(word, &n)) == NULL) {
        if (PyErr_Occurred()) {
            return NULL;
        }
        Py_RETURN_NONE;
    }
    if (memchr(text, '\0', (size_t)n) != NULL) {
        Py_RETURN_NONE;
    }
    memcpy(w.s, text, (size_t)n);
    w.n = n;
    if (!stem_ascii(&w)) {
        Py_RETURN_NONE;
    }
    return PyUnicode_FromStringAndSize(w.s, w.n);
}

/* ---- Token ids: BLAKE2b (RFC 7693) with an 8-byte digest, as reusecheck.text.token_id ---- */

static const uint64_t BLAKE2B_IV[8] = {
    0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL, 0x3c6ef372fe94f82bULL, 0xa54ff53a5f1d36f1ULL,
    0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL, 0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL,
};

static const uint8_t BLAKE2B_SIGMA[12][16] = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
    {11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4}, {7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8},
    {9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13}, {2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9},
    {12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11}, {13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10},
    {6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5}, {10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0},
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
};

static inline uint64_t rotr64(uint64_t x, int n) { return (x >> n) | (x << (64 - n)); }

#define BLAKE2B_G(a, b, c, d, x, y)          \
    do {                                     \
        a = a + b + (x);                     \
        d = rotr64(d ^ a, 32);               \
        c = c + d;                           \
        b = rotr64(b ^ c, 24);               \
        a = a + b + (y);                     \
        d = rotr64(d ^ a, 16);               \
        c = c + d;                           \
        b = rotr64(b ^ c, 63);               \
    } while (0)

static void blake2b_compress(uint64_t h[8], const uint8_t block[128], uint64_t counter, int last)
{
    uint64_t m[16], v[16];
    for (int i = 0; i < 16; i++) {
        uint64_t word = 0;
        for (int b = 7; b >= 0; b--) {
            word = (word << 8) | block[8 * i + b];
        }
        m[i] = word;
    }
    for (int i = 0; i < 8; i++) {
        v[i] = h[i];
        v[i + 8] = BLAKE2B_IV[i];
    }
    v[12] ^= counter;  /* inputs are far shorter than 2**64 bytes: the counter's high word stays 0 */
    if (last) {
        v[14] = ~v[14];
    }
    for (int r = 0; r < 12; r++) {
        const uint8_t *s = BLAKE2B_SIGMA[r];
        BLAKE2B_G(v[0], v[4], v[8], v[12], m[s[0]], m[s[1]]);
        BLAKE2B_G(v[1], v[5], v[9], v[13], m[s[2]], m[s[3]]);
        BLAKE2B_G(v[2], v[6], v[10], v[14], m[s[4]], m[s[5]]);
        BLAKE2B_G(v[3], v[7], v[11], v[15], m[s[6]], m[s[7]]);
        BLAKE2B_G(v[0], v[5], v[10], v[15], m[s[8]], m[s[9]]);
        BLAKE2B_G(v[1], v[6], v[11], v[12], m[s[10]], m[s[11]]);
        BLAKE2B_G(v[2], v[7], v[8], v[13], m[s[12]], m[s[13]]);
        BLAKE2B_G(v[3], v[4], v[9], v[14], m[s[14]], m[s[15]]);
    }
    for (int i = 0; i < 8; i++) {
        h[i] ^= v[i] ^ v[i + 8];
    }
}

/* The first 8 bytes of BLAKE2b-64 (no key) of data, read as a little-endian integer. */
static uint64_t blake2b_64(const char *data, Py_ssize_t n)
{
    uint64_t h[8];
    uint8_t block[128];
    memcpy(h, BLAKE2B_IV, sizeof h);
    h[0] ^= 0x01010000ULL ^ 8;  /* parameter block: digest length 8, no key, fan-out and depth 1 */
    uint64_t counter = 0;
    while (n > 128) {
        memcpy(block, data, 128);
        counter += 128;
        blake2b_compress(h, block, counter, 0);
        data += 128;
        n -= 128;
    }
    memset(block, 0, sizeof block);
    memcpy(block, data, (size_t)n);
    counter += (uint64_t)n;
    blake2b_compress(h, block, counter, 1);
    return h[0];
}

static PyObject *key_id(PyObject *self, PyObject *key)
{
    Py_ssize_t n;
    const char *data = PyUnicode_Check(key) ? PyUnicode_AsUTF8AndSize(key, &n) : NULL;
    if (data == NULL) {
        if (!PyErr_Occurred()) {
            PyErr_SetString(PyExc_TypeError, "key_id: expected a str");
        }
        return NULL;
    }
    return PyLong_FromUnsignedLongLong(blake2b_64(data, n));
}

/* ---- A new word's pieces, as reusecheck.text.Tokenizer._normalize gives them ---- */

static int is_number(const char *s, Py_ssize_t n)
{
    if (n == 0) {
        return 0;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        if (!((s[i] >= '0' && s[i] <= '9') || s[i] == '\'' || s[i] == '.' || s[i] == ',')) {
            return 0;
        }
    }
    return 1;
}

/* A folded part's (key, id), from part_keys or made and stored there; Py_None (a new
 * reference) where the compiled core cannot make the key (the caller asks Python). */
static PyObject *part_key(PyObject *part, PyObject *spellings, PyObject *part_keys, int stem)
{
    PyObject *known = PyDict_GetItemWithError(part_keys, part);
    if (known != NULL) {
        return Py_NewRef(known);
    }
    if (PyErr_Occurred()) {
        return NULL;
    }
    PyObject *spelled = PyDict_GetItemWithError(spellings, part);
    if (spelled == NULL) {
        if (PyErr_Occurred()) {
            return NULL;
        }
        spelled = part;
    }
    if (!PyUnicode_Check(spelled) || !PyUnicode_IS_ASCII(spelled)) {
        Py_RETURN_NONE;
    }
    PyObject *key;
    if (!stem || is_number((const char *)PyUnicode_1BYTE_DATA(spelled), PyUnicode_GET_LENGTH(spelled))) {
        key = Py_NewRef(spelled);
    } else {
        key = stem_english(NULL, spelled);
        if (key == NULL || key == Py_None) {
            return key;
        }
    }
    PyObject *ident = PyLong_FromUnsignedLongLong(
        blake2b_64((const char *)PyUnicode_1BYTE_DATA(key), PyUnicode_GET_LENGTH(key)));
    known = ident != NULL ? PyTuple_Pack(2, key, ident) : NULL;
    Py_DECREF(key);
    Py_XDECREF(ident);
    if (known != NULL && PyDict_SetItem(part_keys, part, known) < 0) {
        Py_CLEAR(known);
    }
    return known;
}

/* The folded word's parts: a closed compound's words (its last one with the word's "s" or
 * "es"), else the word alone; a new tuple. */
static PyObject *compound_parts(PyObject *word, const char *folded, Py_ssize_t n, PyObject *compounds)
{
    static const char *const SUFFIXES[] = {"", "s", "es"};
    for (int i = 0; i < 3; i++) {
        Py_ssize_t cut = (Py_ssize_t)strlen(SUFFIXES[i]);
        if (cut > n || memcmp(folded + n - cut, SUFFIXES[i], (size_t)cut) != 0) {
            continue;
        }
        PyObject *stem = cut ? PyUnicode_FromStringAndSize(folded, n - cut) : Py_NewRef(word);
        if (stem == NULL) {
            return NULL;
        }
        PyObject *parts = PyDict_GetItemWithError(compounds, stem);
        Py_DECREF(stem);
        if (parts == NULL) {
            if (PyErr_Occurred()) {
                return NULL;
            }
            continue;
        }
        if (!PyTuple_Check(parts) || PyTuple_GET_SIZE(parts) == 0) {
            PyErr_SetString(PyExc_TypeError, "normalize_word: compounds must map to tuples of words");
            return NULL;
        }
        Py_ssize_t count = PyTuple_GET_SIZE(parts);
        PyObject *split = PyTuple_New(count);
        if (split == NULL) {
            return NULL;
        }
        for (Py_ssize_t k = 0; k < count; k++) {
            PyObject *item = PyTuple_GET_ITEM(parts, k);
            PyObject *own = k == count - 1 && cut ? PyUnicode_FromFormat("%U%s", item, SUFFIXES[i]) : Py_NewRef(item);
            if (own == NULL) {
                Py_DECREF(split);
                return NULL;
            }
            PyTuple_SET_ITEM(split, k, own);
        }
        return split;
    }
    return PyTuple_Pack(1, word);
}

/* A new word's pieces (a tuple of (offset, length, key, id)); Py_None where Python must
 * normalize it (a new reference either way). */
static PyObject *normalize_pieces(PyObject *surface, PyObject *spellings, PyObject *compounds, PyObject *part_keys,
                                  int stem)
{
    if (!PyUnicode_IS_ASCII(surface)) {
        Py_RETURN_NONE;  /* NFKC and case folding: Python's */
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(surface);
    PyObject *word = PyUnicode_New(n, 127);
    if (word == NULL) {
        return NULL;
    }
    const char *text = (const char *)PyUnicode_1BYTE_DATA(surface);
    char *folded = (char *)PyUnicode_1BYTE_DATA(word);
    for (Py_ssize_t i = 0; i < n; i++) {  /* str.lower() of ASCII, and "`" as "'" (reusecheck.text.fold) */
        char c = text[i];
        folded[i] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c == '`' ? '\'' : c;
    }
    PyObject *parts = compound_parts(word, folded, n, compounds);
    Py_DECREF(word);
    if (parts == NULL) {
        return NULL;
    }
    Py_ssize_t count = PyTuple_GET_SIZE(parts), offset = 0;
    PyObject *pieces = PyTuple_New(count);
    for (Py_ssize_t i = 0; pieces != NULL && i < count; i++) {
        PyObject *part = PyTuple_GET_ITEM(parts, i);
        PyObject *known = PyUnicode_Check(part) ? part_key(part, spellings, part_keys, stem) : NULL;
        if (known == NULL || known == Py_None) {
            if (known == NULL && !PyErr_Occurred()) {
                PyErr_SetString(PyExc_TypeError, "normalize_word: compound parts must be str");
            }
            Py_DECREF(pieces);
            Py_DECREF(parts);
            return known;
        }
        Py_ssize_t length = PyUnicode_GET_LENGTH(part);
        PyObject *piece = count > 1 ? Py_BuildValue("(nnOO)", offset, length, PyTuple_GET_ITEM(known, 0), PyTuple_GET_ITEM(known, 1))
                                    : Py_BuildValue("(nnOO)", (Py_ssize_t)0, n, PyTuple_GET_ITEM(known, 0), PyTuple_GET_ITEM(known, 1));
        Py_DECREF(known);
        if (piece == NULL) {
            Py_CLEAR(pieces);
            break;
        }
        PyTuple_SET_ITEM(pieces, i, piece);
        offset += length;
    }
    Py_DECREF(parts);
    return pieces;
}

/* normalize_word(surface, spellings, compounds, part_keys, stem) -> pieces | None */
static PyObject *normalize_word(PyObject *self, PyObject *args)
{
    PyObject *surface, *spellings, *compounds, *part_keys;
    int stem;
    if (!PyArg_ParseTuple(args, "UO!O!O!p", &surface, &PyDict_Type, &spellings, &PyDict_Type, &compounds,
                          &PyDict_Type, &part_keys, &stem)) {
        return NULL;
    }
    return normalize_pieces(surface, spellings, compounds, part_keys, stem);
}

static PyMethodDef methods[] = {
    {"split_words", split_words, METH_VARARGS,
     "split_words(text, table, missing) -> (starts, words): the words of text (as reusecheck.text._TOKEN "
     "finds them), their start offsets and their numbers in the WordTable `table` (`missing(word)` numbers "
     "new ones), as bytes of int64 arrays."},
    {"lay_out", lay_out, METH_VARARGS,
     "lay_out(word_starts, words, first, count, offset, length, ids, keys) -> (starts, ends, ids, keys): the "
     "tokens of the words, from the word cache's pieces (int64 arrays, ids uint64, keys a list)."},
    {"merge_postings", merge_postings, METH_VARARGS,
     "merge_postings(hashes, documents, more_hashes, more_documents) -> (hashes, documents): two runs of int64 "
     "postings sorted by hash merged in hash order, equal hashes the first run's first; native int64 bytes."},
    {"sort_postings", sort_postings, METH_VARARGS,
     "sort_postings(hashes, documents) -> (hashes, documents): int64 postings in hash order, equal hashes in "
     "their given order (a stable sort), as bytes of int64 arrays."},
    {"token_bytes", token_bytes, METH_VARARGS,
     "token_bytes(starts, ends, keys) -> bytes: a document's tokens laid out as reusecheck.index.pack_tokens "
     "compresses them (int32 count, first start, steps and lengths; keys in UTF-8 joined by NUL)."},
    {"run_rows", run_rows, METH_VARARGS,
     "run_rows(run, runs, block) -> (common, blocks): the common and blocks rows of one run of postings made of "
     "runs (a list of (hashes, documents) int64 arrays, each sorted by hash; merged as a stable sort), as "
     "reusecheck.postings writes them."},
    {"stem_english", stem_english, METH_O,
     "stem_english(word) -> str | None: nltk's English Snowball stem of an ASCII word, or None where the caller "
     "should ask nltk (not ASCII, very long, or a case nltk's code would fail on)."},
    {"key_id", key_id, METH_O,
     "key_id(key) -> int: reusecheck.text.token_id of a key (BLAKE2b with an 8-byte digest of its UTF-8, little-endian)."},
    {"normalize_word", normalize_word, METH_VARARGS,
     "normalize_word(surface, spellings, compounds, part_keys, stem) -> pieces | None: a new ASCII word's pieces "
     "(offset, length, key, id) as reusecheck.text.Tokenizer._normalize makes them (stem: English stems), new "
     "parts' (key, id) stored in part_keys; None where Python must normalize it (not ASCII, a stem nltk makes)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "reusecheck._native", "The compiled core: the tokenizer's words, the English stemmer, sorting postings.", -1, methods,
};

PyMODINIT_FUNC PyInit__native(void)
{
    if (PyType_Ready(&WordTableType) < 0) {
        return NULL;
    }
    PyObject *created = PyModule_Create(&module);
    if (created == NULL) {
        return NULL;
    }
    Py_INCREF(&WordTableType);
    if (PyModule_AddObject(created, "WordTable", (PyObject *)&WordTableType) < 0) {
        Py_DECREF(&WordTableType);
        Py_DECREF(created);
        return NULL;
    }
    return created;
}
