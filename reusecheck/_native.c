/* The compiled core of the tokenizer (optional: reusecheck/text.py falls back to Python).
 *
 * split_words(text, numbers, missing) -> (starts, words)
 *
 * Finds the words of `text` exactly as `reusecheck.text._TOKEN` does (maximal runs of
 * characters that are alphanumeric, or an apostrophe, right single quote, full stop or
 * comma with a word character, underscore included, on both sides), and looks each word
 * up in the dict `numbers` (word -> its number in the tokenizer's word cache); a word not
 * there is given to `missing`, which adds it and returns its number. Returns the words'
 * start offsets and their numbers, each as the bytes of a native int64 array.
 *
 * lay_out(word_starts, words, first, count, offset, length, ids, keys) -> (starts, ends, token_ids, token_keys)
 *
 * The tokens of those words: word w's pieces are first[w] .. first[w] + count[w] - 1 of the
 * word cache, each with its offset and length in the word, id and key. Returns the tokens'
 * starts and ends (int64) and ids (uint64) as bytearrays, and their keys as a tuple.
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

static PyObject *split_words(PyObject *self, PyObject *args)
{
    PyObject *text, *numbers, *missing;
    if (!PyArg_ParseTuple(args, "UO!O:split_words", &text, &PyDict_Type, &numbers, &missing)) {
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
        PyObject *word = PyUnicode_Substring(text, start, i);
        if (word == NULL) {
            goto done;
        }
        PyObject *number = PyDict_GetItemWithError(numbers, word); /* borrowed */
        if (number != NULL) {
            Py_INCREF(number);
        }
        else if (!PyErr_Occurred()) {
            number = PyObject_CallOneArg(missing, word);
        }
        Py_DECREF(word);
        if (number == NULL) {
            goto done;
        }
        long long value = PyLong_AsLongLong(number);
        Py_DECREF(number);
        if (value == -1 && PyErr_Occurred()) {
            goto done;
        }
        if (append(&starts, (int64_t)start) < 0 || append(&words, (int64_t)value) < 0) {
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

static PyMethodDef methods[] = {
    {"split_words", split_words, METH_VARARGS,
     "split_words(text, numbers, missing) -> (starts, words): the words of text (as reusecheck.text._TOKEN "
     "finds them), their start offsets and their numbers in `numbers` (`missing(word)` numbers new ones), "
     "as bytes of int64 arrays."},
    {"lay_out", lay_out, METH_VARARGS,
     "lay_out(word_starts, words, first, count, offset, length, ids, keys) -> (starts, ends, ids, keys): the "
     "tokens of the words, from the word cache's pieces (int64 arrays, ids uint64, keys a list)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "reusecheck._native", "The compiled core of the tokenizer.", -1, methods,
};

PyMODINIT_FUNC PyInit__native(void)
{
    return PyModule_Create(&module);
}
