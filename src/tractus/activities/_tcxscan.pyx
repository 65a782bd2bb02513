# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""A compiled single-pass scanner for the common shape of TCX documents.

Building an lxml tree of a TCX file and walking it from Python costs ~30 ms
per MB, most of the import time of a long watch history. This scanner reads
the bytes once, checks that they are well-formed XML, and fills the same
per-trackpoint columns as `io_tcx.columns_per_point`, times already parsed.

It only accepts what it can read exactly as the lxml reader would. Anything
else makes `scan_tcx` return None and the caller falls back to lxml, which
stays the definition of the format's semantics and of every error message:

- markup it does not handle: a DOCTYPE, CDATA, entity or character
  references, comments or processing instructions inside the root's children,
  markup inside a field (``<Time>..<b/>..</Time>``), an encoding other than
  UTF-8, a byte order mark;
- anything that may not be well-formed: a mismatched or unclosed tag, a bad
  name, an undeclared namespace prefix, a duplicate attribute, bytes that are
  not UTF-8 or not XML characters, text outside the root, ``]]>`` in text;
- a time that is not exactly ``YYYY-MM-DDTHH:MM:SS[.f]`` with ``Z`` or
  ``+HH:MM``, and anything deeper than `MAX_DEPTH` elements.

The tests compare it with the lxml reader on every fixture and on thousands
of mutated documents: it either returns exactly the same columns or None.
References: activities.md sections 1-3 (TCX variants, parsing speed).
"""

from cpython.bytes cimport PyBytes_AS_STRING, PyBytes_GET_SIZE
from libc.math cimport NAN
from libc.stdint cimport INT64_MIN, int64_t
from libc.stdlib cimport free, realloc
from libc.string cimport memchr, memcmp, memcpy

import numpy as np

cdef extern from "Python.h":
    double PyOS_string_to_double(const char *s, char **endptr, void *overflow_exception) except? -1.0

__all__ = ["MAX_DEPTH", "scan_tcx"]

# libxml2 refuses documents deeper than 256 elements without its huge option.
cdef enum:
    MAX_DEPTH_C = 200
    MAX_ATTRS = 32
    MAX_NS = 64
    N_COLS = 7
    MAX_FAST_FLOAT = 63

MAX_DEPTH = MAX_DEPTH_C

# Point columns, in the order of io_tcx._POINT_FIELDS.
cdef enum:  # point columns
    COL_LAT = 0
    COL_LON = 1
    COL_ELE = 2
    COL_DIST = 3
    COL_HR = 4
    COL_CAD = 5
    COL_SPEED = 6

# What an open element is to the reader.
cdef enum Ctx:
    CTX_OTHER
    CTX_ROOT
    CTX_ACTIVITIES
    CTX_ACTIVITY
    CTX_LAP
    CTX_TRACK
    CTX_POINT
    CTX_POSITION
    CTX_HR
    CTX_EXT
    CTX_FIELD

# Leaf elements whose text is read.
cdef enum Field:
    F_NONE = -1
    F_LAT = 0
    F_LON = 1
    F_ELE = 2
    F_DIST = 3
    F_HR = 4
    F_CAD = 5
    F_SPEED = 6
    F_TIME = 7
    F_LAP_TIME = 8
    F_LAP_DIST = 9

# Local names the reader knows.
cdef enum Name:
    N_OTHER
    N_TCD
    N_ACTIVITIES
    N_ACTIVITY
    N_LAP
    N_TRACK
    N_TRACKPOINT
    N_TIME
    N_POSITION
    N_HRBPM
    N_EXTENSIONS
    N_ALTITUDE
    N_DISTANCE
    N_CADENCE
    N_LATITUDE
    N_VALUE
    N_RUNCADENCE
    N_SPEED
    N_TOTALTIME


class _Bail(Exception):
    """The document is outside what the scanner reads exactly."""


cdef unsigned char NAME_START[256]
cdef unsigned char NAME_CHAR[256]
# 0: plain character; 1: never allowed in text; 2: ']' (may start "]]>");
# 3: first byte of a multi-byte UTF-8 sequence (checked on its own).
cdef unsigned char TEXT_CLASS[256]


cdef void _init_tables():
    cdef int c
    for c in range(256):
        NAME_START[c] = (65 <= c <= 90) or (97 <= c <= 122) or c == 95
        NAME_CHAR[c] = NAME_START[c] or (48 <= c <= 57) or c == 45 or c == 46 or c == 58
        if c >= 128:
            TEXT_CLASS[c] = 3
        elif (c < 32 and c != 9 and c != 10 and c != 13) or c == 38 or c == 60:
            TEXT_CLASS[c] = 1
        elif c == 93:
            TEXT_CLASS[c] = 2
        else:
            TEXT_CLASS[c] = 0


_init_tables()


cdef inline bint _is_ws(unsigned char c) noexcept nogil:
    return c == 32 or c == 10 or c == 9 or c == 13


cdef Py_ssize_t _utf8_len(const unsigned char *p, Py_ssize_t avail) noexcept nogil:
    """Length of the valid XML character encoded at p (first byte >= 0x80), or 0."""
    cdef unsigned char c = p[0]
    cdef unsigned int cp
    if c < 0xC2:
        return 0
    if c < 0xE0:
        if avail < 2 or (p[1] & 0xC0) != 0x80:
            return 0
        return 2
    if c < 0xF0:
        if avail < 3 or (p[1] & 0xC0) != 0x80 or (p[2] & 0xC0) != 0x80:
            return 0
        cp = ((c & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F)
        if cp < 0x800 or (0xD800 <= cp <= 0xDFFF) or cp == 0xFFFE or cp == 0xFFFF:
            return 0
        return 3
    if c < 0xF5:
        if (
            avail < 4
            or (p[1] & 0xC0) != 0x80
            or (p[2] & 0xC0) != 0x80
            or (p[3] & 0xC0) != 0x80
        ):
            return 0
        cp = ((c & 0x07) << 18) | ((p[1] & 0x3F) << 12) | ((p[2] & 0x3F) << 6) | (p[3] & 0x3F)
        if cp < 0x10000 or cp > 0x10FFFF:
            return 0
        return 4
    return 0


cdef bint _valid_text(const unsigned char *p, const unsigned char *q) noexcept nogil:
    """True if [p, q) is character data the scanner reads exactly (see TEXT_CLASS)."""
    cdef unsigned char k
    cdef Py_ssize_t n
    while p < q:
        k = TEXT_CLASS[p[0]]
        if k == 0:
            p += 1
        elif k == 1:
            return False
        elif k == 2:
            if q - p >= 3 and p[1] == 93 and p[2] == 62:
                return False
            p += 1
        else:
            n = _utf8_len(p, q - p)
            if n == 0:
                return False
            p += n
    return True


cdef bint _valid_chars(const unsigned char *p, const unsigned char *q) noexcept nogil:
    """True if [p, q) holds only XML characters and no '<' (comment and PI bodies).

    With '<' refused here, in text and in attribute values, "<!DOCTYPE" and
    "<!ENTITY" (which `safety.parse_xml` refuses anywhere in the bytes) can
    only occur as markup, where the scanner bails.
    """
    cdef Py_ssize_t n
    while p < q:
        if p[0] == 60:
            return False
        if p[0] >= 128:
            n = _utf8_len(p, q - p)
            if n == 0:
                return False
            p += n
        elif p[0] < 32 and not _is_ws(p[0]):
            return False
        else:
            p += 1
    return True


cdef inline bint _alnum(unsigned char c) noexcept nogil:
    return (48 <= c <= 57) or (65 <= c <= 90) or (97 <= c <= 122)


cdef bint _plain_uri(const unsigned char *v, Py_ssize_t n) noexcept nogil:
    """True for a namespace name libxml2 surely takes as a URI.

    scheme ":" ["//" host [":" port]] path, from letters, digits and
    -._~/:@!$'()*+,;= only. libxml2 refuses some other spellings (a space, a
    bad percent escape, a non-numeric port), so those are left to lxml.
    """
    cdef Py_ssize_t i = 1
    cdef Py_ssize_t port_digits = 0
    if n == 0 or not ((65 <= v[0] <= 90) or (97 <= v[0] <= 122)):
        return False
    while i < n and (_alnum(v[i]) or v[i] == 43 or v[i] == 45 or v[i] == 46):
        i += 1
    if i == n or v[i] != 58:
        return False
    i += 1
    if i + 1 < n and v[i] == 47 and v[i + 1] == 47:
        i += 2
        while i < n and (_alnum(v[i]) or v[i] == 45 or v[i] == 46 or v[i] == 95 or v[i] == 126):
            i += 1
        if i < n and v[i] == 58:
            i += 1
            while i < n and 48 <= v[i] <= 57:
                i += 1
                port_digits += 1
            if port_digits == 0 or port_digits > 5:
                return False
        if i < n and v[i] != 47:
            return False
    while i < n:
        if not (_alnum(v[i]) or memchr(b"-._~/:@!$'()*+,;=", v[i], 17) != NULL):
            return False
        i += 1
    return True


cdef inline bint _is(const unsigned char *s, Py_ssize_t n, const char *word, Py_ssize_t k) noexcept nogil:
    return n == k and memcmp(s, word, k) == 0


cdef Name _classify(const unsigned char *s, Py_ssize_t n) noexcept nogil:
    """The known local name spelled by s[:n], or N_OTHER."""
    if n == 3:
        if _is(s, n, b"Lap", 3):
            return N_LAP
    elif n == 4:
        if _is(s, n, b"Time", 4):
            return N_TIME
    elif n == 5:
        if _is(s, n, b"Track", 5):
            return N_TRACK
        if _is(s, n, b"Value", 5):
            return N_VALUE
        if _is(s, n, b"Speed", 5):
            return N_SPEED
    elif n == 7:
        if _is(s, n, b"Cadence", 7):
            return N_CADENCE
    elif n == 8:
        if _is(s, n, b"Activity", 8):
            return N_ACTIVITY
        if _is(s, n, b"Position", 8):
            return N_POSITION
    elif n == 10:
        if _is(s, n, b"Activities", 10):
            return N_ACTIVITIES
        if _is(s, n, b"Trackpoint", 10):
            return N_TRACKPOINT
        if _is(s, n, b"Extensions", 10):
            return N_EXTENSIONS
        if _is(s, n, b"RunCadence", 10):
            return N_RUNCADENCE
    elif n == 12:
        if _is(s, n, b"HeartRateBpm", 12):
            return N_HRBPM
    elif n == 14:
        if _is(s, n, b"AltitudeMeters", 14):
            return N_ALTITUDE
        if _is(s, n, b"DistanceMeters", 14):
            return N_DISTANCE
    elif n == 15:
        if _is(s, n, b"LatitudeDegrees", 15):
            return N_LATITUDE
    elif n == 16:
        if _is(s, n, b"TotalTimeSeconds", 16):
            return N_TOTALTIME
    elif n == 22:
        if _is(s, n, b"TrainingCenterDatabase", 22):
            return N_TCD
    return N_OTHER


# Exact powers of ten as doubles (10**22 is the largest one).
cdef double POW10[23]
POW10[:] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
]
# Below 2**53 every integer is exact as a double.
cdef unsigned long long MAX_EXACT_INT = 9007199254740992ULL


cdef bint _decimal(const unsigned char *p, Py_ssize_t n, double *out) except -1:
    """Read [+-]digits[.digits][e[+-]digits] (or .digits) as float() would.

    Returns False for any other spelling. When the digits form an integer
    below 2**53 and the power of ten is at most 22, both are exact doubles and
    one IEEE multiplication or division rounds correctly (Clinger's fast path);
    otherwise Python's own correctly rounded conversion is used.
    """
    cdef Py_ssize_t i = 0
    cdef int digits = 0
    cdef int significant = 0
    cdef int exp10 = 0
    cdef int exp_value = 0
    cdef int exp_digits = 0
    cdef bint negative = False
    cdef bint exp_negative = False
    cdef unsigned long long mantissa = 0
    cdef char buf[MAX_FAST_FLOAT + 1]
    cdef char *end
    if i < n and (p[i] == 43 or p[i] == 45):
        negative = p[i] == 45
        i += 1
    while i < n and 48 <= p[i] <= 57:
        if mantissa or p[i] != 48:
            significant += 1
            if significant <= 19:
                mantissa = mantissa * 10 + (p[i] - 48)
            else:
                exp10 += 1
        i += 1
        digits += 1
    if i < n and p[i] == 46:
        i += 1
        while i < n and 48 <= p[i] <= 57:
            if mantissa or p[i] != 48:
                significant += 1
                if significant <= 19:
                    mantissa = mantissa * 10 + (p[i] - 48)
                    exp10 -= 1
            else:
                exp10 -= 1
            i += 1
            digits += 1
    if digits == 0:
        return False
    if i < n and (p[i] == 101 or p[i] == 69):
        i += 1
        if i < n and (p[i] == 43 or p[i] == 45):
            exp_negative = p[i] == 45
            i += 1
        while i < n and 48 <= p[i] <= 57:
            if exp_value < 100000:
                exp_value = exp_value * 10 + (p[i] - 48)
            i += 1
            exp_digits += 1
        if exp_digits == 0:
            return False
    if i != n:
        return False
    exp10 += -exp_value if exp_negative else exp_value
    if significant <= 19 and mantissa <= MAX_EXACT_INT and -22 <= exp10 <= 22:
        if exp10 >= 0:
            out[0] = <double>mantissa * POW10[exp10]
        else:
            out[0] = <double>mantissa / POW10[-exp10]
        if negative:
            out[0] = -out[0]
        return True
    if n > MAX_FAST_FLOAT:
        return False
    memcpy(buf, p, n)
    buf[n] = 0
    out[0] = PyOS_string_to_double(buf, &end, NULL)
    return True


cdef double _to_float(const unsigned char *p, Py_ssize_t n) except? -2.0:
    """float(text) as io_tcx reads it: NaN for no text or text float() refuses."""
    cdef double value
    while n > 0 and _is_ws(p[0]):
        p += 1
        n -= 1
    while n > 0 and _is_ws(p[n - 1]):
        n -= 1
    if n == 0:
        return NAN
    if _decimal(p, n, &value):
        return value
    # Rare spellings ("nan", "1_000", non-ASCII digits): Python decides.
    try:
        return float((<bytes>p[:n]).decode("utf-8"))
    except ValueError:
        return NAN


cdef inline int _digits(const unsigned char *p, int k) noexcept nogil:
    """The k decimal digits at p as an int, or -1."""
    cdef int value = 0
    cdef int i
    for i in range(k):
        if not (48 <= p[i] <= 57):
            return -1
        value = value * 10 + (p[i] - 48)
    return value


cdef inline int64_t _days_from_civil(int64_t y, int64_t m, int64_t d) noexcept nogil:
    """Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm)."""
    cdef int64_t era, yoe, doy, doe
    if m <= 2:
        y -= 1
    era = (y if y >= 0 else y - 399) // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


cdef inline int _days_in_month(int y, int m) noexcept nogil:
    if m == 2:
        return 29 if (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)) else 28
    if m == 4 or m == 6 or m == 9 or m == 11:
        return 30
    return 31


cdef struct Stamp:
    int64_t ns         # UTC nanoseconds since the epoch
    bint has_offset    # written with +HH:MM rather than Z
    int offset_s


cdef bint _parse_time(const unsigned char *p, Py_ssize_t n, Stamp *out) noexcept nogil:
    """YYYY-MM-DDTHH:MM:SS[.f{1,9}](Z|+HH:MM) to UTC ns; False for anything else."""
    cdef int y, mo, d, h, mi, s, oh, om, k
    cdef int64_t frac_ns = 0
    cdef int64_t scale = 100000000
    cdef Py_ssize_t i
    if n < 20 or p[4] != 45 or p[7] != 45 or p[10] != 84 or p[13] != 58 or p[16] != 58:
        return False
    y = _digits(p, 4)
    mo = _digits(p + 5, 2)
    d = _digits(p + 8, 2)
    h = _digits(p + 11, 2)
    mi = _digits(p + 14, 2)
    s = _digits(p + 17, 2)
    if y < 1900 or y > 2200 or mo < 1 or mo > 12 or d < 1 or d > _days_in_month(y, mo):
        return False
    if h < 0 or h > 23 or mi < 0 or mi > 59 or s < 0 or s > 59:
        return False
    i = 19
    if p[i] == 46:
        i += 1
        k = 0
        while i < n and 48 <= p[i] <= 57:
            if k == 9:
                return False
            frac_ns += (p[i] - 48) * scale
            scale //= 10
            i += 1
            k += 1
        if k == 0:
            return False
    out.has_offset = False
    out.offset_s = 0
    if i == n - 1 and p[i] == 90:
        pass
    elif i == n - 6 and (p[i] == 43 or p[i] == 45) and p[i + 3] == 58:
        oh = _digits(p + i + 1, 2)
        om = _digits(p + i + 4, 2)
        if oh < 0 or oh > 14 or om < 0 or om > 59:
            return False
        out.has_offset = True
        out.offset_s = (oh * 3600 + om * 60) * (-1 if p[i] == 45 else 1)
    else:
        return False
    out.ns = (
        (_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s - out.offset_s)
        * 1000000000
        + frac_ns
    )
    return True


cdef struct Points:
    double *col[N_COLS]
    int64_t *time_ns
    int64_t *segment
    Py_ssize_t size
    Py_ssize_t capacity


cdef int _grow(Points *pts) except -1:
    cdef Py_ssize_t cap = pts.capacity * 2 if pts.capacity else 4096
    cdef int c
    cdef void *mem
    for c in range(N_COLS):
        mem = realloc(pts.col[c], cap * sizeof(double))
        if mem == NULL:
            raise MemoryError()
        pts.col[c] = <double *>mem
    mem = realloc(pts.time_ns, cap * sizeof(int64_t))
    if mem == NULL:
        raise MemoryError()
    pts.time_ns = <int64_t *>mem
    mem = realloc(pts.segment, cap * sizeof(int64_t))
    if mem == NULL:
        raise MemoryError()
    pts.segment = <int64_t *>mem
    pts.capacity = cap
    return 0


cdef void _free(Points *pts) noexcept:
    cdef int c
    for c in range(N_COLS):
        free(pts.col[c])
    free(pts.time_ns)
    free(pts.segment)


cdef object _copy(const void *values, Py_ssize_t n, object dtype):
    """A new numpy array of `n` items of `dtype` (8 bytes each) copied from `values`."""
    cdef unsigned char[::1] raw
    out = np.empty(n, dtype=dtype)
    if n:
        raw = out.view(np.uint8)
        memcpy(&raw[0], values, n * 8)
    return out


cdef object _slice(Points *pts, Py_ssize_t start, Py_ssize_t stop):
    """The points [start, stop) as numpy arrays keyed as io_tcx columns."""
    cdef Py_ssize_t n = stop - start
    cdef int c
    names = ("lat", "lon", "ele", "dist", "hr", "cad", "speed")
    out = {names[c]: _copy(pts.col[c] + start, n, np.float64) for c in range(N_COLS)}
    out["time_ns"] = _copy(pts.time_ns + start, n, np.int64)
    out["segment"] = _copy(pts.segment + start, n, np.int64)
    return out


cdef class _Scanner:
    """State of one scan; `run` returns the activities or raises `_Bail`."""

    cdef const unsigned char *buf
    cdef Py_ssize_t n
    cdef int64_t earliest_ns
    # open elements
    cdef int depth
    cdef Py_ssize_t name_at[MAX_DEPTH_C + 1]
    cdef Py_ssize_t name_len[MAX_DEPTH_C + 1]
    cdef Ctx ctx[MAX_DEPTH_C + 1]
    # namespace prefixes in scope: (start, length, depth of the declaring element)
    cdef int n_ns
    cdef Py_ssize_t ns_at[MAX_NS]
    cdef Py_ssize_t ns_len[MAX_NS]
    cdef int ns_depth[MAX_NS]
    # attributes of the tag being read
    cdef int n_attrs
    cdef Py_ssize_t attr_at[MAX_ATTRS]
    cdef Py_ssize_t attr_len[MAX_ATTRS]
    cdef Py_ssize_t value_at[MAX_ATTRS]
    cdef Py_ssize_t value_len[MAX_ATTRS]
    # the field being read
    cdef Field field
    cdef int field_depth
    cdef Py_ssize_t text_at
    cdef Py_ssize_t text_len
    # the point being read
    cdef double cur[N_COLS]
    cdef int64_t cur_time_ns
    cdef bint cur_has_time
    cdef Stamp cur_stamp
    cdef bint hr_value_seen
    # the activity and lap being read
    cdef Points pts
    cdef Py_ssize_t activity_start
    cdef int64_t n_tracks
    cdef bint offset_decided
    cdef object offset_s
    cdef object sport
    cdef object lap_start
    cdef list lap_timer_s
    cdef list lap_distance_m
    cdef double lap_timer
    cdef double lap_distance
    cdef bint lap_timer_seen
    cdef bint lap_distance_seen
    cdef list activities

    def __dealloc__(self):
        _free(&self.pts)

    cdef object _attribute(self, const char *name, Py_ssize_t k):
        """The value of the unprefixed attribute `name` of the current tag, or None."""
        cdef int a
        cdef const unsigned char *v
        cdef Py_ssize_t j
        for a in range(self.n_attrs):
            if _is(self.buf + self.attr_at[a], self.attr_len[a], name, k):
                v = self.buf + self.value_at[a]
                # lxml would normalise these to spaces; leave that to lxml.
                for j in range(self.value_len[a]):
                    if v[j] == 9 or v[j] == 10 or v[j] == 13:
                        raise _Bail
                return (<bytes>v[:self.value_len[a]]).decode("utf-8")
        return None

    cdef Py_ssize_t _name(self, Py_ssize_t p) except -1:
        """End of the name starting at p; bails on names lxml might treat differently."""
        cdef Py_ssize_t start = p
        cdef int colons = 0
        if p >= self.n or not NAME_START[self.buf[p]]:
            raise _Bail
        while p < self.n and NAME_CHAR[self.buf[p]]:
            if self.buf[p] == 58:
                colons += 1
                # Both halves of a prefixed name must start like a name.
                if p + 1 >= self.n or not NAME_START[self.buf[p + 1]]:
                    raise _Bail
            p += 1
        if colons > 1 or p - start > 1000:
            raise _Bail
        return p

    cdef bint _declared(self, Py_ssize_t at, Py_ssize_t k):
        cdef int i
        if _is(self.buf + at, k, b"xml", 3):
            return True
        for i in range(self.n_ns - 1, -1, -1):
            if self.ns_len[i] == k and memcmp(self.buf + self.ns_at[i], self.buf + at, k) == 0:
                return True
        return False

    cdef Py_ssize_t _prefix_len(self, Py_ssize_t at, Py_ssize_t k):
        """Length of the prefix of the name at `at`, or -1 without one."""
        cdef const void *colon = memchr(self.buf + at, 58, k)
        if colon == NULL:
            return -1
        return <const unsigned char *>colon - (self.buf + at)

    cdef int _namespaces(self, Py_ssize_t at, Py_ssize_t k) except -1:
        """Declare the tag's prefixes and check every prefix it uses is declared."""
        cdef int a, b
        cdef Py_ssize_t pl, ql, vl
        for a in range(self.n_attrs):
            vl = self.value_len[a]
            if _is(self.buf + self.attr_at[a], self.attr_len[a], b"xmlns", 5):
                if vl and not _plain_uri(self.buf + self.value_at[a], vl):
                    raise _Bail
                continue
            pl = self._prefix_len(self.attr_at[a], self.attr_len[a])
            if pl == 5 and _is(self.buf + self.attr_at[a], 5, b"xmlns", 5):
                if self.n_ns == MAX_NS or not _plain_uri(self.buf + self.value_at[a], vl):
                    raise _Bail
                ql = self.attr_len[a] - 6
                if _is(self.buf + self.attr_at[a] + 6, ql, b"xml", 3) or _is(
                    self.buf + self.attr_at[a] + 6, ql, b"xmlns", 5
                ):
                    raise _Bail
                self.ns_at[self.n_ns] = self.attr_at[a] + 6
                self.ns_len[self.n_ns] = ql
                self.ns_depth[self.n_ns] = self.depth
                self.n_ns += 1
        pl = self._prefix_len(at, k)
        if pl >= 0 and (_is(self.buf + at, pl, b"xml", 3) or _is(self.buf + at, pl, b"xmlns", 5) or not self._declared(at, pl)):
            raise _Bail
        for a in range(self.n_attrs):
            pl = self._prefix_len(self.attr_at[a], self.attr_len[a])
            if pl >= 0 and not _is(self.buf + self.attr_at[a], pl, b"xmlns", 5):
                if not self._declared(self.attr_at[a], pl):
                    raise _Bail
                # Two prefixes may name one namespace: the same local name twice
                # could then be a duplicate attribute.
                for b in range(a):
                    ql = self._prefix_len(self.attr_at[b], self.attr_len[b])
                    if ql >= 0 and self.attr_len[a] - pl == self.attr_len[b] - ql and memcmp(
                        self.buf + self.attr_at[a] + pl, self.buf + self.attr_at[b] + ql, self.attr_len[a] - pl
                    ) == 0:
                        raise _Bail
        return 0

    cdef Py_ssize_t _start_tag(self, Py_ssize_t p) except -1:
        """Read the tag starting after '<' at p; return the position after '>'."""
        cdef Py_ssize_t at = p
        cdef Py_ssize_t end, k, q
        cdef bint spaced, empty = False
        cdef const void *quote
        cdef int a
        end = self._name(p)
        k = end - at
        p = end
        self.n_attrs = 0
        while True:
            spaced = False
            while p < self.n and _is_ws(self.buf[p]):
                p += 1
                spaced = True
            if p >= self.n:
                raise _Bail
            if self.buf[p] == 62:
                p += 1
                break
            if self.buf[p] == 47:
                if p + 1 >= self.n or self.buf[p + 1] != 62:
                    raise _Bail
                p += 2
                empty = True
                break
            if not spaced or self.n_attrs == MAX_ATTRS:
                raise _Bail
            q = self._name(p)
            self.attr_at[self.n_attrs] = p
            self.attr_len[self.n_attrs] = q - p
            for a in range(self.n_attrs):
                if self.attr_len[a] == q - p and memcmp(self.buf + self.attr_at[a], self.buf + p, q - p) == 0:
                    raise _Bail
            p = q
            while p < self.n and _is_ws(self.buf[p]):
                p += 1
            if p >= self.n or self.buf[p] != 61:
                raise _Bail
            p += 1
            while p < self.n and _is_ws(self.buf[p]):
                p += 1
            if p >= self.n or (self.buf[p] != 34 and self.buf[p] != 39):
                raise _Bail
            quote = memchr(self.buf + p + 1, self.buf[p], self.n - p - 1)
            if quote == NULL:
                raise _Bail
            q = <const unsigned char *>quote - self.buf
            if not _valid_text(self.buf + p + 1, self.buf + q):
                raise _Bail
            self.value_at[self.n_attrs] = p + 1
            self.value_len[self.n_attrs] = q - p - 1
            self.n_attrs += 1
            p = q + 1
        if self.depth == MAX_DEPTH_C or self.field != F_NONE:
            raise _Bail
        if self.depth == 0 and self.activities is not None:
            raise _Bail  # a second root element
        self.depth += 1
        self.name_at[self.depth] = at
        self.name_len[self.depth] = k
        self._namespaces(at, k)
        self._open(at, k)
        if empty:
            self._close()
        return p

    cdef int _open(self, Py_ssize_t at, Py_ssize_t k) except -1:
        """Classify the element just opened at `self.depth` and start what it starts."""
        cdef Py_ssize_t pl = self._prefix_len(at, k)
        cdef Name name = _classify(self.buf + at + pl + 1, k - pl - 1)
        cdef Ctx parent = self.ctx[self.depth - 1]
        cdef Ctx ctx = CTX_OTHER
        cdef Field field = F_NONE
        cdef int c
        if self.depth == 1:
            if name != N_TCD:
                raise _Bail  # lxml's reader words the error
            ctx = CTX_ROOT
            self.activities = []
        elif parent == CTX_ROOT:
            if name == N_ACTIVITIES:
                ctx = CTX_ACTIVITIES
        elif parent == CTX_ACTIVITIES:
            if name == N_ACTIVITY:
                ctx = CTX_ACTIVITY
                self.sport = self._attribute(b"Sport", 5)
                self.activity_start = self.pts.size
                self.n_tracks = 0
                self.offset_decided = False
                self.offset_s = None
                self.lap_start = None
                self.lap_timer_s = []
                self.lap_distance_m = []
        elif parent == CTX_ACTIVITY:
            if name == N_LAP:
                ctx = CTX_LAP
                if not self.lap_timer_s:
                    self.lap_start = self._attribute(b"StartTime", 9)
                self.lap_timer = NAN
                self.lap_distance = NAN
                self.lap_timer_seen = False
                self.lap_distance_seen = False
        elif parent == CTX_LAP:
            if name == N_TRACK:
                ctx = CTX_TRACK
                self.n_tracks += 1
            elif name == N_TOTALTIME and not self.lap_timer_seen:
                self.lap_timer_seen = True
                field = F_LAP_TIME
            elif name == N_DISTANCE and not self.lap_distance_seen:
                self.lap_distance_seen = True
                field = F_LAP_DIST
        elif parent == CTX_TRACK:
            if name == N_TRACKPOINT:
                ctx = CTX_POINT
                for c in range(N_COLS):
                    self.cur[c] = NAN
                self.cur_has_time = False
        elif parent == CTX_POINT:
            if name == N_TIME:
                field = F_TIME
                self.cur_has_time = False
            elif name == N_POSITION:
                ctx = CTX_POSITION
            elif name == N_HRBPM:
                ctx = CTX_HR
                # findtext("{*}Value") on a rate without a value gives NaN too.
                self.cur[COL_HR] = NAN
                self.hr_value_seen = False
            elif name == N_EXTENSIONS:
                ctx = CTX_EXT
            elif name == N_ALTITUDE:
                field = F_ELE
            elif name == N_DISTANCE:
                field = F_DIST
            elif name == N_CADENCE:
                field = F_CAD
        elif parent == CTX_POSITION:
            field = F_LAT if name == N_LATITUDE else F_LON
        elif parent == CTX_HR:
            if name == N_VALUE and not self.hr_value_seen:
                self.hr_value_seen = True
                field = F_HR
        elif parent == CTX_EXT:
            if name == N_RUNCADENCE:
                field = F_CAD
            elif name == N_SPEED:
                field = F_SPEED
            else:
                ctx = CTX_EXT
        if field != F_NONE:
            ctx = CTX_FIELD
            self.field = field
            self.field_depth = self.depth
            self.text_at = -1
            self.text_len = 0
        self.ctx[self.depth] = ctx
        return 0

    cdef int _end_field(self) except -1:
        cdef const unsigned char *text = self.buf + self.text_at
        cdef Py_ssize_t k = self.text_len if self.text_at >= 0 else 0
        cdef Field field = self.field
        self.field = F_NONE
        if field == F_TIME:
            if k == 0:
                return 0
            if not _parse_time(text, k, &self.cur_stamp):
                raise _Bail
            self.cur_has_time = True
        elif field == F_LAP_TIME:
            self.lap_timer = _to_float(text, k)
        elif field == F_LAP_DIST:
            self.lap_distance = _to_float(text, k)
        else:
            self.cur[<int>field] = _to_float(text, k)
        return 0

    cdef int _end_point(self) except -1:
        cdef Py_ssize_t i = self.pts.size
        cdef int c
        if i == self.pts.capacity:
            _grow(&self.pts)
        for c in range(N_COLS):
            self.pts.col[c][i] = self.cur[c]
        self.pts.segment[i] = self.n_tracks - 1
        if self.cur_has_time and self.cur_stamp.ns >= self.earliest_ns:
            self.pts.time_ns[i] = self.cur_stamp.ns
        else:
            self.pts.time_ns[i] = INT64_MIN
        if self.cur_has_time and not self.offset_decided:
            self.offset_decided = True
            self.offset_s = self.cur_stamp.offset_s if self.cur_stamp.has_offset else None
        self.pts.size += 1
        return 0

    cdef int _close(self) except -1:
        """Finish the element at `self.depth` and pop it."""
        cdef Ctx ctx = self.ctx[self.depth]
        if ctx == CTX_FIELD:
            self._end_field()
        elif ctx == CTX_POINT:
            self._end_point()
        elif ctx == CTX_LAP:
            self.lap_timer_s.append(self.lap_timer)
            self.lap_distance_m.append(self.lap_distance)
        elif ctx == CTX_ACTIVITY:
            self.activities.append(
                {
                    "sport": self.sport,
                    "lap_start": self.lap_start,
                    "lap_timer_s": self.lap_timer_s,
                    "lap_distance_m": self.lap_distance_m,
                    "offset_s": self.offset_s,
                    "range": (self.activity_start, self.pts.size),
                }
            )
        while self.n_ns and self.ns_depth[self.n_ns - 1] == self.depth:
            self.n_ns -= 1
        self.depth -= 1
        return 0

    cdef Py_ssize_t _end_tag(self, Py_ssize_t p) except -1:
        """Read the end tag starting after '</' at p; return the position after '>'."""
        cdef Py_ssize_t end = self._name(p)
        cdef Py_ssize_t k = end - p
        if self.depth == 0:
            raise _Bail
        if k != self.name_len[self.depth] or memcmp(self.buf + p, self.buf + self.name_at[self.depth], k) != 0:
            raise _Bail
        p = end
        while p < self.n and _is_ws(self.buf[p]):
            p += 1
        if p >= self.n or self.buf[p] != 62:
            raise _Bail
        self._close()
        return p + 1

    cdef Py_ssize_t _comment(self, Py_ssize_t p) except -1:
        """Skip the comment whose body starts at p; return the position after '-->'."""
        cdef Py_ssize_t start = p
        cdef const void *dash
        if self.depth > 1:
            raise _Bail
        while True:
            dash = memchr(self.buf + p, 45, self.n - p)
            if dash == NULL:
                raise _Bail
            p = <const unsigned char *>dash - self.buf
            if p + 1 < self.n and self.buf[p + 1] == 45:
                if p + 2 >= self.n or self.buf[p + 2] != 62:
                    raise _Bail
                break
            p += 1
        if not _valid_chars(self.buf + start, self.buf + p):
            raise _Bail
        return p + 3

    cdef Py_ssize_t _pi(self, Py_ssize_t p) except -1:
        """Skip the processing instruction whose target starts at p."""
        cdef Py_ssize_t end = self._name(p)
        cdef Py_ssize_t start
        cdef const void *mark
        if self.depth > 1 or memchr(self.buf + p, 58, end - p) != NULL:
            raise _Bail
        if end - p == 3 and (self.buf[p] | 32) == 120 and (self.buf[p + 1] | 32) == 109 and (self.buf[p + 2] | 32) == 108:
            raise _Bail  # an XML declaration out of place
        p = end
        if p + 1 < self.n and self.buf[p] == 63 and self.buf[p + 1] == 62:
            return p + 2
        if p >= self.n or not _is_ws(self.buf[p]):
            raise _Bail
        start = p
        while True:
            mark = memchr(self.buf + p, 63, self.n - p)
            if mark == NULL:
                raise _Bail
            p = <const unsigned char *>mark - self.buf
            if p + 1 < self.n and self.buf[p + 1] == 62:
                break
            p += 1
        if not _valid_chars(self.buf + start, self.buf + p):
            raise _Bail
        return p + 2

    cdef Py_ssize_t _text(self, Py_ssize_t p) except -1:
        """Read character data from p up to the next '<' (or the end)."""
        cdef const void *lt = memchr(self.buf + p, 60, self.n - p)
        cdef Py_ssize_t q = self.n if lt == NULL else <const unsigned char *>lt - self.buf
        cdef Py_ssize_t i
        if q - p > 1000000 or not _valid_text(self.buf + p, self.buf + q):
            raise _Bail
        if self.depth == 0:
            for i in range(p, q):
                if not _is_ws(self.buf[i]):
                    raise _Bail  # text outside the root element
        elif self.field != F_NONE:
            self.text_at = p
            self.text_len = q - p
        return q

    cdef object run(self, Py_ssize_t p):
        cdef unsigned char c
        while p < self.n:
            if self.buf[p] != 60:
                p = self._text(p)
                continue
            if p + 1 >= self.n:
                raise _Bail
            c = self.buf[p + 1]
            if c == 47:
                p = self._end_tag(p + 2)
            elif c == 33:
                if self.n - p >= 4 and self.buf[p + 2] == 45 and self.buf[p + 3] == 45:
                    if self.field != F_NONE:
                        raise _Bail
                    p = self._comment(p + 4)
                else:
                    raise _Bail  # DOCTYPE, CDATA or other declarations
            elif c == 63:
                if self.field != F_NONE:
                    raise _Bail
                p = self._pi(p + 2)
            else:
                p = self._start_tag(p + 1)
        if self.depth != 0 or self.activities is None:
            raise _Bail  # truncated, or no root element
        out = []
        for activity in self.activities:
            start, stop = activity.pop("range")
            activity["columns"] = _slice(&self.pts, start, stop)
            out.append(activity)
        return out


def scan_tcx(bytes data, Py_ssize_t start, long long earliest_ns):
    """Scan the TCX document `data` from byte `start` (after any XML declaration).

    Parameters
    ----------
    data : bytes
        The whole document.
    start : int
        Offset of the first byte after leading whitespace and the declaration.
    earliest_ns : int
        Times before this (UTC ns) become NaT, as `timeparse` does.

    Returns
    -------
    list of dict or None
        Per ``<Activity>``: ``sport`` and ``lap_start`` (attribute texts or
        None), ``lap_timer_s`` and ``lap_distance_m`` (per lap, NaN where the
        lap has none), ``offset_s`` (of the first timed point, None for ``Z``)
        and ``columns`` (float64 arrays lat, lon, ele, dist, hr, cad, speed;
        int64 ``time_ns`` with NaT as INT64_MIN; int64 ``segment``). None when
        the document is outside what the scanner reads exactly.
    """
    cdef _Scanner scanner = _Scanner()
    scanner.buf = <const unsigned char *>PyBytes_AS_STRING(data)
    scanner.n = PyBytes_GET_SIZE(data)
    scanner.earliest_ns = earliest_ns
    scanner.field = F_NONE
    scanner.ctx[0] = CTX_OTHER
    scanner.activities = None
    try:
        return scanner.run(start)
    except _Bail:
        return None
