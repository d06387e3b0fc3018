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

static PyMethodDef methods[] = {
    {"split_words", split_words, METH_VARARGS,
     "split_words(text, numbers, missing) -> (starts, words): the words of text (as reusecheck.text._TOKEN "
     "finds them), their start offsets and their numbers in `numbers` (`missing(word)` numbers new ones), "
     "as bytes of int64 arrays."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "reusecheck._native", "The compiled core of the tokenizer.", -1, methods,
};

PyMODINIT_FUNC PyInit__native(void)
{
    return PyModule_Create(&module);
}
