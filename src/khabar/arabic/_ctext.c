/* khabar.arabic._ctext: the text layer's character loops in C (compiled build only).
 *
 * Why C: every stage folds and tokenises the same page text, and in Python each of those is
 * a regex pass plus a Python object per token or per run (~800 instructions a character in
 * the compiled build). mypyc cannot write code points into a buffer natively; the CPython C
 * API can: one pass over the characters here replaces a regex scan, a chain of
 * ``str.replace`` calls or the ~45 numpy calls of the quote tokenizer.
 *
 * What: five functions, each equal to a pure-Python reference that stays the definition
 * (``tests/test_ctext.py`` compares them on real pages and on generated text):
 *
 *   fold(text)          -> str            khabar.arabic.normalise.normalise
 *   view(text)          -> (str, bytes | None)
 *                                         normalised_view's fold and offset map (int32 items
 *                                         for ``array("i")``; None: the identity map)
 *   split(text)         -> (words, starts, ends)
 *                                         khabar.arabic.tokens.split_tokens (regex TOKEN)
 *   quote_tokens(text)  -> (starts, ends, words, join)
 *                                         khabar.nlp.quotes.tokens.tokenize's offsets (int64
 *                                         items for ``array("q")``), folded words and their
 *                                         join
 *   fold_words(words)   -> list[str]      [fold(w) for w in words]; an unchanged word is
 *                                         the same object
 *
 * Presentation forms (ﻻ، ﷺ) are normalised by NFKC, which is not written here either:
 * ``configure`` receives each form's normalised text from Python.
 *
 * The fold table and the marks are not written here: ``configure`` receives them from
 * ``khabar.arabic.normalise.FOLD_TABLE`` at import, so the Python table stays the only
 * definition. Character classes are CPython's own (``Py_UNICODE_ISALNUM`` is ``re``'s
 * ``\w`` without ``_``, ``Py_UNICODE_ISDECIMAL`` its ``\d``, ``Py_UNICODE_ISSPACE`` its
 * ``\s`` and ``str.isspace``), tabulated once for the Basic Multilingual Plane.
 *
 * Served only by the compiled build's import hook (``khabar._compiled``), which checks this
 * source's hash like every mypyc module's: a changed file means pure Python everywhere.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

/* Class bits of a BMP code point. */
#define C_ALNUM 1u   /* str.isalnum: re's \w except "_" */
#define C_DIGIT 2u   /* str.isdecimal: re's \d */
#define C_SPACE 4u   /* str.isspace: re's \s */
#define C_MARK 8u    /* a mark that rides inside a word (diacritics, tatweel, controls) */
#define C_FOLDS 16u  /* the fold changes or drops it */
#define C_PRES 32u   /* an Arabic presentation form (NFKC, then the fold: pres_pool) */

#define DROP 0xFFFFFFFFu

/* The loops are written once with the string's kind (1, 2 or 4 bytes a character) as a
 * parameter and inlined into a switch on it: with the kind a constant, PyUnicode_READ and
 * PyUnicode_WRITE become plain loads and stores instead of a branch per character. */
#if defined(__GNUC__) || defined(__clang__)
#define ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define ALWAYS_INLINE inline
#endif

static uint8_t classes[0x10000];
static uint32_t fold_map[0x10000];
static int configured = 0;

/* Presentation forms (U+FB50–U+FDFF, U+FE70–U+FEFE): each one's normalised form (NFKC, then
 * the fold), which may be several characters (ﷺ) or none; given by configure. */
#define PRES_A 0xFB50
#define PRES_A_END 0xFDFF
#define PRES_B 0xFE70
#define PRES_B_END 0xFEFE
#define PRES_COUNT ((PRES_A_END - PRES_A + 1) + (PRES_B_END - PRES_B + 1))
static Py_ssize_t pres_start[PRES_COUNT];
static Py_ssize_t pres_len[PRES_COUNT];
static Py_UCS4 *pres_pool = NULL;

static inline int pres_index(Py_UCS4 c)
{
    return c <= PRES_A_END ? (int)(c - PRES_A) : (int)(PRES_A_END - PRES_A + 1 + c - PRES_B);
}

static inline unsigned class_of(Py_UCS4 c)
{
    if (c < 0x10000)
        return classes[c];
    unsigned found = 0;
    if (Py_UNICODE_ISALNUM(c))
        found |= C_ALNUM;
    if (Py_UNICODE_ISDECIMAL(c))
        found |= C_DIGIT;
    if (Py_UNICODE_ISSPACE(c))
        found |= C_SPACE;
    return found;
}

static inline uint32_t folded(Py_UCS4 c) { return c < 0x10000 ? fold_map[c] : (uint32_t)c; }

static void build_classes(void)
{
    for (Py_UCS4 c = 0; c < 0x10000; c++) {
        unsigned found = 0;
        if (Py_UNICODE_ISALNUM(c))
            found |= C_ALNUM;
        if (Py_UNICODE_ISDECIMAL(c))
            found |= C_DIGIT;
        if (Py_UNICODE_ISSPACE(c))
            found |= C_SPACE;
        if ((c >= 0xFB50 && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFE))
            found |= C_PRES;
        classes[c] = (uint8_t)found;
        fold_map[c] = (uint32_t)c;
    }
}

static int need_configured(void)
{
    if (!configured) {
        PyErr_SetString(PyExc_RuntimeError, "khabar.arabic._ctext: configure() not called");
        return -1;
    }
    return 0;
}

static int need_str(PyObject *arg)
{
    if (!PyUnicode_Check(arg)) {
        PyErr_Format(PyExc_TypeError, "expected str, got %.100s", Py_TYPE(arg)->tp_name);
        return -1;
    }
    return 0;
}

/* Store every presentation form's normalised text (``forms``: code point → str, all of
 * them) in pres_pool. */
static int configure_presentation(PyObject *forms)
{
    Py_ssize_t total = 0;
    PyObject *texts[PRES_COUNT];
    for (Py_UCS4 c = PRES_A; c <= PRES_B_END; c++) {
        if (c > PRES_A_END && c < PRES_B)
            continue;
        PyObject *key = PyLong_FromLong((long)c);
        if (key == NULL)
            return -1;
        PyObject *text = PyDict_GetItemWithError(forms, key); /* borrowed */
        Py_DECREF(key);
        if (text == NULL || !PyUnicode_Check(text)) {
            if (!PyErr_Occurred())
                PyErr_Format(PyExc_ValueError, "no normalised text for U+%04X", (unsigned)c);
            return -1;
        }
        for (Py_ssize_t i = 0; i < PyUnicode_GET_LENGTH(text); i++)
            if (PyUnicode_READ_CHAR(text, i) >= 0x10000) {
                PyErr_SetString(PyExc_ValueError, "presentation texts must be in the BMP");
                return -1;
            }
        texts[pres_index(c)] = text;
        total += PyUnicode_GET_LENGTH(text);
    }
    Py_UCS4 *pool = PyMem_Malloc((size_t)(total ? total : 1) * sizeof(Py_UCS4));
    if (pool == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    Py_ssize_t at = 0;
    for (int k = 0; k < PRES_COUNT; k++) {
        pres_start[k] = at;
        pres_len[k] = PyUnicode_GET_LENGTH(texts[k]);
        for (Py_ssize_t i = 0; i < pres_len[k]; i++)
            pool[at++] = PyUnicode_READ_CHAR(texts[k], i);
    }
    PyMem_Free(pres_pool);
    pres_pool = pool;
    return 0;
}

/* configure(fold: dict[int, str | None], marks: str, forms: dict[int, str]) -> None
 * The fold (each key a BMP code point outside the presentation forms, each value one
 * character or None for "dropped"), the marks that stay inside words, and every
 * presentation form's normalised text. */
static PyObject *c_configure(PyObject *self, PyObject *args)
{
    PyObject *table, *marks, *forms;
    if (!PyArg_ParseTuple(args, "O!UO!:configure", &PyDict_Type, &table, &marks, &PyDict_Type,
                          &forms))
        return NULL;
    configured = 0;
    build_classes();
    if (configure_presentation(forms) < 0)
        return NULL;
    PyObject *key, *value;
    Py_ssize_t pos = 0;
    while (PyDict_Next(table, &pos, &key, &value)) {
        long code = PyLong_AsLong(key);
        if (code == -1 && PyErr_Occurred())
            return NULL;
        if (code < 0 || code >= 0x10000 || (classes[code] & C_PRES)) {
            PyErr_Format(PyExc_ValueError, "fold key %ld outside the table", code);
            return NULL;
        }
        if (value == Py_None) {
            fold_map[code] = DROP;
        } else if (PyUnicode_Check(value) && PyUnicode_GET_LENGTH(value) == 1) {
            Py_UCS4 target = PyUnicode_READ_CHAR(value, 0);
            if (target >= 0x10000 || (code < 0x100 && target >= 0x100)) {
                /* fold() writes into a buffer of the input's kind: never a wider one */
                PyErr_Format(PyExc_ValueError, "fold target of %ld is larger", code);
                return NULL;
            }
            fold_map[code] = target;
        } else {
            PyErr_SetString(PyExc_ValueError, "fold values are one character or None");
            return NULL;
        }
        classes[code] |= C_FOLDS;
    }
    for (Py_ssize_t i = 0; i < PyUnicode_GET_LENGTH(marks); i++) {
        Py_UCS4 c = PyUnicode_READ_CHAR(marks, i);
        if (c >= 0x10000) {
            PyErr_SetString(PyExc_ValueError, "marks must be in the BMP");
            return NULL;
        }
        classes[c] |= C_MARK;
    }
    /* split() relies on this: a number's separators are never word characters. */
    if ((classes['.'] | classes[','] | classes[0x060C] | classes[0x066B]) & (C_ALNUM | C_MARK)) {
        PyErr_SetString(PyExc_ValueError, "a number separator is a word character");
        return NULL;
    }
    configured = 1;
    Py_RETURN_NONE;
}

/* ---- fold and view -------------------------------------------------------------------- */

/* The fold of a text with presentation forms: each form gives its normalised text, every
 * character of it mapped to the form's index (as ``normalised_view``'s slow path does: the
 * map is then always given, never the identity's None). Rare: generic reads, two passes. */
static PyObject *fold_presentation(PyObject *text, int want_offsets, int32_t **offsets,
                                   Py_ssize_t *kept)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t size = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c < 0x10000 && (classes[c] & C_PRES))
            size += pres_len[pres_index(c)];
        else
            size += folded(c) != DROP;
    }
    if (size >= INT32_MAX) {
        PyErr_SetString(PyExc_OverflowError, "text too long for an int32 offset map");
        return NULL;
    }
    Py_UCS4 *out = PyMem_Malloc((size_t)(size ? size : 1) * sizeof(Py_UCS4));
    int32_t *map = want_offsets ? PyMem_Malloc((size_t)(size + 1) * sizeof(int32_t)) : NULL;
    if (out == NULL || (want_offsets && map == NULL)) {
        PyMem_Free(out);
        PyMem_Free(map);
        return PyErr_NoMemory();
    }
    Py_ssize_t m = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c < 0x10000 && (classes[c] & C_PRES)) {
            int k = pres_index(c);
            for (Py_ssize_t j = 0; j < pres_len[k]; j++) {
                if (map)
                    map[m] = (int32_t)i;
                out[m++] = pres_pool[pres_start[k] + j];
            }
            continue;
        }
        uint32_t f = folded(c);
        if (f == DROP)
            continue;
        if (map)
            map[m] = (int32_t)i;
        out[m++] = f;
    }
    PyObject *result = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, out, m);
    PyMem_Free(out);
    if (result == NULL) {
        PyMem_Free(map);
        return NULL;
    }
    if (map)
        map[m] = (int32_t)n;
    *kept = m;
    *offsets = map;
    return result;
}

/* The fold of a text of the given kind, and with want_offsets the original index of every
 * kept character (+ n at the end; NULL for the identity). Returns the input itself when
 * nothing folds. */
static ALWAYS_INLINE PyObject *fold_kind(const int kind, PyObject *text, int want_offsets,
                                         int32_t **offsets, Py_ssize_t *kept)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    const void *data = PyUnicode_DATA(text);
    *offsets = NULL;
    *kept = n;
    /* First character the fold touches. */
    Py_ssize_t i = 0;
    for (; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c < 0x10000 && (classes[c] & (C_FOLDS | C_PRES)))
            break;
    }
    if (i == n) {
        Py_INCREF(text);
        return text;
    }
    void *out = PyMem_Malloc((size_t)(n ? n : 1) * (size_t)kind);
    int32_t *map = NULL;
    if (out == NULL)
        return PyErr_NoMemory();
    if (want_offsets) {
        map = PyMem_Malloc((size_t)(n + 1) * sizeof(int32_t));
        if (map == NULL) {
            PyMem_Free(out);
            return PyErr_NoMemory();
        }
        for (Py_ssize_t j = 0; j < i; j++)
            map[j] = (int32_t)j;
    }
    memcpy(out, data, (size_t)i * (size_t)kind);
    Py_ssize_t m = i;
    for (; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        uint32_t f = folded(c);
        if (f == DROP)
            continue;
        if (c >= PRES_A && c < 0x10000 && (classes[c] & C_PRES)) {
            /* a presentation form: the text may grow (ﷺ); start again, counting first */
            PyMem_Free(out);
            PyMem_Free(map);
            return fold_presentation(text, want_offsets, offsets, kept);
        }
        PyUnicode_WRITE(kind, out, m, f);
        if (map)
            map[m] = (int32_t)i;
        m++;
    }
    /* FromKindAndData narrows to the smallest kind, as every str must be stored. */
    PyObject *result = PyUnicode_FromKindAndData(kind, out, m);
    PyMem_Free(out);
    if (result == NULL) {
        PyMem_Free(map);
        return NULL;
    }
    *kept = m;
    if (map) {
        if (m == n) { /* only replacements: the identity map */
            PyMem_Free(map);
            map = NULL;
        } else {
            map[m] = (int32_t)n;
        }
    }
    *offsets = map;
    return result;
}

static PyObject *fold_text(PyObject *text, int want_offsets, int32_t **offsets,
                           Py_ssize_t *kept)
{
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND:
        return fold_kind(PyUnicode_1BYTE_KIND, text, want_offsets, offsets, kept);
    case PyUnicode_2BYTE_KIND:
        return fold_kind(PyUnicode_2BYTE_KIND, text, want_offsets, offsets, kept);
    default:
        return fold_kind(PyUnicode_4BYTE_KIND, text, want_offsets, offsets, kept);
    }
}

static PyObject *c_fold(PyObject *self, PyObject *arg)
{
    if (need_configured() < 0 || need_str(arg) < 0)
        return NULL;
    int32_t *offsets;
    Py_ssize_t kept;
    return fold_text(arg, 0, &offsets, &kept);
}

static PyObject *c_view(PyObject *self, PyObject *arg)
{
    if (need_configured() < 0 || need_str(arg) < 0)
        return NULL;
    if (PyUnicode_GET_LENGTH(arg) >= INT32_MAX) {
        PyErr_SetString(PyExc_OverflowError, "text too long for an int32 offset map");
        return NULL;
    }
    int32_t *offsets;
    Py_ssize_t kept;
    PyObject *text = fold_text(arg, 1, &offsets, &kept);
    if (text == NULL)
        return NULL;
    if (offsets == NULL)
        return Py_BuildValue("(NO)", text, Py_None);
    PyObject *map = PyBytes_FromStringAndSize((const char *)offsets,
                                              (Py_ssize_t)((kept + 1) * (Py_ssize_t)sizeof(int32_t)));
    PyMem_Free(offsets);
    if (map == NULL) {
        Py_DECREF(text);
        return NULL;
    }
    return Py_BuildValue("(NN)", text, map);
}

/* ---- split: khabar.arabic.tokens.TOKEN --------------------------------------------------
 *
 * After a gap of whitespace, the first alternative that matches:
 *   number  [^\W\d_]*+\d++(?:[.,،٫]\d+)+(?![^\W_])
 *   word    (?:[^\W_]|[MARKS])++
 *   other   [^\s MARKS]           (one character)
 * The number's group is greedy, so on a failed look-ahead the engine gives groups back;
 * giving back digits leaves a digit next (the look-ahead fails again), so the candidates
 * are the ends of whole groups, longest first. The end before the last group is a
 * separator, never a word character (checked in configure): the match is the whole chain
 * if a non-word follows it, else the chain minus its last group if it has two or more. */

static inline int is_separator(Py_UCS4 c) { return c == '.' || c == ',' || c == 0x060C || c == 0x066B; }

/* End of the number at p, or -1. */
static ALWAYS_INLINE Py_ssize_t number_end(const int kind, const void *data, Py_ssize_t n,
                                           Py_ssize_t p)
{
    Py_ssize_t q = p;
    while (q < n && (class_of(PyUnicode_READ(kind, data, q)) & (C_ALNUM | C_DIGIT)) == C_ALNUM)
        q++;
    if (q >= n || !(class_of(PyUnicode_READ(kind, data, q)) & C_DIGIT))
        return -1;
    while (q < n && (class_of(PyUnicode_READ(kind, data, q)) & C_DIGIT))
        q++;
    Py_ssize_t last = -1, before = -1;
    while (q + 1 < n && is_separator(PyUnicode_READ(kind, data, q)) &&
           (class_of(PyUnicode_READ(kind, data, q + 1)) & C_DIGIT)) {
        q += 2;
        while (q < n && (class_of(PyUnicode_READ(kind, data, q)) & C_DIGIT))
            q++;
        before = last;
        last = q;
    }
    if (last < 0)
        return -1;
    if (last == n || !(class_of(PyUnicode_READ(kind, data, last)) & C_ALNUM))
        return last;
    return before; /* -1 with a single group */
}

static int append_int(PyObject *list, Py_ssize_t value)
{
    PyObject *number = PyLong_FromSsize_t(value);
    if (number == NULL)
        return -1;
    int failed = PyList_Append(list, number);
    Py_DECREF(number);
    return failed;
}

static ALWAYS_INLINE PyObject *split_kind(const int kind, PyObject *arg)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(arg);
    const void *data = PyUnicode_DATA(arg);
    PyObject *words = PyList_New(0), *starts = PyList_New(0), *ends = PyList_New(0);
    if (words == NULL || starts == NULL || ends == NULL)
        goto fail;
    Py_ssize_t p = 0;
    while (p < n) {
        unsigned cls = class_of(PyUnicode_READ(kind, data, p));
        if (cls & C_SPACE) {
            p++;
            continue;
        }
        Py_ssize_t end = -1;
        if (cls & C_ALNUM)
            end = number_end(kind, data, n, p);
        if (end < 0) {
            end = p + 1;
            if (cls & (C_ALNUM | C_MARK))
                while (end < n && (class_of(PyUnicode_READ(kind, data, end)) & (C_ALNUM | C_MARK)))
                    end++;
        }
        PyObject *word = PyUnicode_Substring(arg, p, end);
        if (word == NULL)
            goto fail;
        int failed = PyList_Append(words, word);
        Py_DECREF(word);
        if (failed || append_int(starts, p) < 0 || append_int(ends, end) < 0)
            goto fail;
        p = end;
    }
    return Py_BuildValue("(NNN)", words, starts, ends);
fail:
    Py_XDECREF(words);
    Py_XDECREF(starts);
    Py_XDECREF(ends);
    return NULL;
}

static PyObject *c_split(PyObject *self, PyObject *arg)
{
    if (need_configured() < 0 || need_str(arg) < 0)
        return NULL;
    switch (PyUnicode_KIND(arg)) {
    case PyUnicode_1BYTE_KIND:
        return split_kind(PyUnicode_1BYTE_KIND, arg);
    case PyUnicode_2BYTE_KIND:
        return split_kind(PyUnicode_2BYTE_KIND, arg);
    default:
        return split_kind(PyUnicode_4BYTE_KIND, arg);
    }
}

/* ---- quote_tokens: khabar.nlp.quotes.tokens.tokenize -------------------------------------
 *
 * The tokens of _FAST_SPLIT_RE, ``([\w MARKS]++(?:[.,]\d+)*+|[^\w\s]|\n)``: a run of word
 * characters and marks with possessive ".5" / ",000" groups, or one other non-space
 * character, or a newline; other whitespace is gap. Then "د." / "م." after a space (or at
 * the start) and before a space or tab is one token (_join_abbreviations); each token's word
 * is its characters folded, dropped marks left out, and a token whose word is empty is
 * dropped. "_" is a word character here (\w), unlike in split(). */

static inline int word_char_q(Py_UCS4 c, unsigned cls) { return (cls & (C_ALNUM | C_MARK)) || c == '_'; }

static ALWAYS_INLINE PyObject *quote_tokens_kind(const int kind, PyObject *arg)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(arg);
    const void *data = PyUnicode_DATA(arg);
    /* What presentation forms add to the words: their normalised texts (ﷺ: 18 characters). */
    Py_ssize_t extra = 0;
    for (Py_ssize_t i = 0; kind != PyUnicode_1BYTE_KIND && i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c >= PRES_A && c < 0x10000 && (classes[c] & C_PRES))
            extra += pres_len[pres_index(c)];
    }
    size_t room = (size_t)(n ? n : 1);
    int64_t *starts = PyMem_Malloc(room * sizeof(int64_t));
    int64_t *ends = PyMem_Malloc(room * sizeof(int64_t));
    /* The folded words joined by spaces, in the input's kind (the fold never widens, and a
     * text with presentation forms is at least two bytes a character): at most every
     * character kept plus a space per token, so 2n, plus the forms' texts. Each word is
     * made from its stretch of this buffer, and the buffer is the join. */
    char *joined = PyMem_Malloc((2 * room + (size_t)extra) * (size_t)kind);
    PyObject *words = PyList_New(0);
    PyObject *result = NULL;
    if (starts == NULL || ends == NULL || joined == NULL || words == NULL) {
        if (words != NULL)
            PyErr_NoMemory();
        goto done;
    }
    Py_ssize_t count = 0, p = 0, used = 0;
    while (p < n) {
        Py_UCS4 c = PyUnicode_READ(kind, data, p);
        unsigned cls = class_of(c);
        Py_ssize_t end = p + 1;
        if (c != '\n' && (cls & C_SPACE)) {
            p++;
            continue;
        }
        if (word_char_q(c, cls)) {
            while (end < n) {
                Py_UCS4 d = PyUnicode_READ(kind, data, end);
                if (!word_char_q(d, class_of(d)))
                    break;
                end++;
            }
            while (end + 1 < n) {
                Py_UCS4 s = PyUnicode_READ(kind, data, end);
                if ((s != '.' && s != ',') ||
                    !(class_of(PyUnicode_READ(kind, data, end + 1)) & C_DIGIT))
                    break;
                end += 2;
                while (end < n && (class_of(PyUnicode_READ(kind, data, end)) & C_DIGIT))
                    end++;
            }
            if (end == p + 1 && (c == 0x062F || c == 0x0645) && end + 1 < n &&
                PyUnicode_READ(kind, data, end) == '.' &&
                (p == 0 || (class_of(PyUnicode_READ(kind, data, p - 1)) & C_SPACE))) {
                Py_UCS4 after = PyUnicode_READ(kind, data, end + 1);
                if (after == ' ' || after == '\t')
                    end++; /* د. (doctor), م. (engineer) */
            }
        }
        /* The word goes after a space slot (but the first); written only if not empty. */
        Py_ssize_t at = count ? used + 1 : used, size = 0;
        for (Py_ssize_t i = p; i < end; i++) {
            Py_UCS4 c = PyUnicode_READ(kind, data, i);
            if (kind != PyUnicode_1BYTE_KIND && c >= PRES_A && c < 0x10000 &&
                (classes[c] & C_PRES)) {
                /* its normalised text without spaces: one token stays one word (ﷺ) */
                int k = pres_index(c);
                for (Py_ssize_t j = 0; j < pres_len[k]; j++) {
                    Py_UCS4 d = pres_pool[pres_start[k] + j];
                    if (d != ' ')
                        PyUnicode_WRITE(kind, joined, at + size++, d);
                }
                continue;
            }
            uint32_t f = folded(c);
            if (f != DROP)
                PyUnicode_WRITE(kind, joined, at + size++, f);
        }
        if (size) { /* else only marks the fold drops: no token */
            if (count)
                PyUnicode_WRITE(kind, joined, used, ' ');
            PyObject *word = PyUnicode_FromKindAndData(kind, joined + at * kind, size);
            if (word == NULL)
                goto done;
            int failed = PyList_Append(words, word);
            Py_DECREF(word);
            if (failed)
                goto done;
            starts[count] = p;
            ends[count] = end;
            count++;
            used = at + size;
        }
        p = end;
    }
    PyObject *folded_join = PyUnicode_FromKindAndData(kind, joined, used);
    if (folded_join == NULL)
        goto done;
    result = Py_BuildValue("(y#y#ON)", (const char *)starts, (Py_ssize_t)(count * sizeof(int64_t)),
                           (const char *)ends, (Py_ssize_t)(count * sizeof(int64_t)), words,
                           folded_join);
done:
    PyMem_Free(starts);
    PyMem_Free(ends);
    PyMem_Free(joined);
    Py_XDECREF(words);
    return result;
}

static PyObject *c_quote_tokens(PyObject *self, PyObject *arg)
{
    if (need_configured() < 0 || need_str(arg) < 0)
        return NULL;
    switch (PyUnicode_KIND(arg)) {
    case PyUnicode_1BYTE_KIND:
        return quote_tokens_kind(PyUnicode_1BYTE_KIND, arg);
    case PyUnicode_2BYTE_KIND:
        return quote_tokens_kind(PyUnicode_2BYTE_KIND, arg);
    default:
        return quote_tokens_kind(PyUnicode_4BYTE_KIND, arg);
    }
}

/* fold_words(words: list[str]) -> list[str]
 * [fold(w) for w in words], each unchanged word the same object (no copy). */
static PyObject *c_fold_words(PyObject *self, PyObject *arg)
{
    if (need_configured() < 0)
        return NULL;
    if (!PyList_Check(arg)) {
        PyErr_Format(PyExc_TypeError, "expected list, got %.100s", Py_TYPE(arg)->tp_name);
        return NULL;
    }
    Py_ssize_t count = PyList_GET_SIZE(arg);
    PyObject *result = PyList_New(count);
    if (result == NULL)
        return NULL;
    for (Py_ssize_t k = 0; k < count; k++) {
        PyObject *word = PyList_GET_ITEM(arg, k);
        if (need_str(word) < 0) {
            Py_DECREF(result);
            return NULL;
        }
        int32_t *offsets;
        Py_ssize_t kept;
        PyObject *folded_word = fold_text(word, 0, &offsets, &kept);
        if (folded_word == NULL) {
            Py_DECREF(result);
            return NULL;
        }
        PyList_SET_ITEM(result, k, folded_word);
    }
    return result;
}

static PyMethodDef methods[] = {
    {"configure", c_configure, METH_VARARGS,
     "configure(fold, marks, forms): the fold table, the marks, presentation forms' texts."},
    {"fold", c_fold, METH_O, "fold(text) -> str: normalise(text)."},
    {"view", c_view, METH_O, "view(text) -> (folded, int32 offsets | None)."},
    {"split", c_split, METH_O, "split(text) -> (words, starts, ends) as tokens.split_tokens."},
    {"quote_tokens", c_quote_tokens, METH_O,
     "quote_tokens(text) -> (int64 starts, int64 ends, words, join)."},
    {"fold_words", c_fold_words, METH_O, "fold_words(words) -> list[str]."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "khabar.arabic._ctext",
    "The text layer's character loops in C (see the source's header).", -1, methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__ctext(void) { return PyModule_Create(&module); }
