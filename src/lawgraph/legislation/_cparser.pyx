# cython: language_level=3, boundscheck=False, wraparound=False
"""The parser's walk of the element tree, in C: an optional accelerator.

`lawgraph.legislation.parser` is the reference: it defines what every provision, text
line, note and mark is, in Python over lxml elements. This module does the same walk
over libxml2's nodes through lxml's public C API, because looking at each of a large
Act's elements from Python costs more than parsing it (see ``benchmarks/README.md``).
Everything that is not the walk itself (numbers, identifiers, kinds, the finishing of
groups, the models) is the parser's own code, called from here.

It must give exactly what the reference gives: ``tests/test_accelerated_parser.py``
compares the two on every file of the reference corpus, on hand-made edge cases and on
generated text. When it is not built, the parser runs in Python alone. Change the parser
first, then make this match it.
"""

from cpython.object cimport PyObject, PyTypeObject
from cpython.ref cimport Py_INCREF
from cpython.unicode cimport PyUnicode_AsUTF8AndSize, PyUnicode_DecodeUTF8
from libc.stdlib cimport free, realloc
from libc.string cimport memcpy, strcmp, strlen
from lxml.includes.etreepublic cimport _Document, _Element, elementFactory, import_lxml__etree
from lxml.includes.tree cimport xmlAttr, xmlNode

import dataclasses
import types

import_lxml__etree()

cdef extern from "Python.h":
    void PyObject_GC_UnTrack(object op)
    # a slot of a class with __slots__ is a member at a fixed offset in the object
    ctypedef struct PyMemberDef:
        Py_ssize_t offset
    ctypedef struct PyMemberDescrObject:
        PyMemberDef* d_member

cdef extern from "libxml/tree.h":
    # the node types this module tells apart (values fixed by libxml2's ABI)
    cdef enum:
        XML_ELEMENT_NODE = 1
        XML_TEXT_NODE = 3
        XML_CDATA_SECTION_NODE = 4
        XML_ENTITY_REF_NODE = 5
        XML_PI_NODE = 7
        XML_COMMENT_NODE = 8
        XML_XINCLUDE_START = 19
        XML_XINCLUDE_END = 20

# tag categories and mark kinds: the parser's values, checked when the parser binds
cdef enum:
    SKIP = 0
    NUMBER_CAT = 1
    HEADING_CAT = 2
    STRUCT = 3
    GROUP = 4
    P_CAT = 5
    PARA = 6
    THROUGH = 7
    COMMENTARY_REF = 1
    AMENDMENT = 2
    CITATION = 3
    R_SKIP = 0
    R_LOOSE = 1
    R_STRUCTURE = 2
    R_THROUGH = 3

# The parser imports this module last, once all of its own names exist; so they can be
# taken here as this module starts (a module imported half-way is still in sys.modules).
from lawgraph.legislation import models as _models
from lawgraph.legislation import parser as _parser

cdef object _TEXT = _parser._TEXT
cdef object _CURRENT = _models.ProvisionStatus.CURRENT
cdef object _MISSING = _parser._MISSING
cdef tuple _NO_ARGS = ()
# the models this module makes
cdef type _Provision = _models.Provision
cdef type _Commentary = _models.Commentary
cdef type _AmendmentMark = _models.AmendmentMark
cdef type _CrossReference = _models.CrossReference
cdef type _ContentsEntry = _models.ContentsEntry
cdef type _UnappliedEffect = _models.UnappliedEffect
# the parser's helpers and tables
cdef object _canonical = _parser._canonical
cdef object _numbering = _parser._numbering
cdef object _number = _parser._number
cdef object _inline_info = _parser._inline_info
cdef object _struct_info = _parser._struct_info
cdef object _extent = _parser._extent
cdef object _date = _parser._date
cdef object _flag = _parser._flag
cdef dict _STATUSES = _parser._STATUSES
cdef dict _AMENDMENTS = _parser._AMENDMENTS
cdef dict _NUMBER_CACHE = _parser._NUMBER_CACHE
cdef frozenset _NUMBERED = frozenset(_parser._NUMBERED)
cdef frozenset _KNOWN_ELEMENTS = _parser.KNOWN_ELEMENTS
cdef frozenset _BARE_NUMBERS = _models._BARE_NUMBERS
cdef frozenset _UNIT_WORDS = _models._UNIT_WORDS
cdef str _ID_URI = _parser._ID_URI
cdef bytes _LEG = _parser.LEG.encode("utf-8")
cdef bytes _UKM = _parser.UKM.encode("utf-8")


cdef int _in_step() except -1:
    """Refuse to load if the parser's category and mark numbers are not this module's."""
    expected = {
        "_SKIP": SKIP, "_NUMBER_CAT": NUMBER_CAT, "_HEADING_CAT": HEADING_CAT,
        "_STRUCT": STRUCT, "_GROUP": GROUP, "_P": P_CAT, "_PARA": PARA, "_THROUGH": THROUGH,
        "_COMMENTARY_REF": COMMENTARY_REF, "_AMENDMENT": AMENDMENT, "_CITATION": CITATION,
    }
    for name, value in expected.items():
        if getattr(_parser, name) != value:
            raise ImportError(f"lawgraph C reader is out of step with the parser ({name})")
    return 0


cdef int _slots_of(type cls, Py_ssize_t* offsets, int count) except -1:
    """The offsets of a slotted dataclass's fields, in field order."""
    fields = [f.name for f in dataclasses.fields(cls)]
    if len(fields) != count or any(
        not isinstance(cls.__dict__.get(name), types.MemberDescriptorType) for name in fields
    ):
        raise ImportError(f"lawgraph C reader is out of step with {cls.__name__}'s fields")
    for i, name in enumerate(fields):
        offsets[i] = (<PyMemberDescrObject*>cls.__dict__[name]).d_member.offset
    return 0


# where each model's fields live in its objects, in field order
cdef Py_ssize_t _SLOTS[17]
cdef Py_ssize_t _NOTE_SLOTS[4]
cdef Py_ssize_t _MARK_SLOTS[4]
cdef Py_ssize_t _REF_SLOTS[3]
cdef Py_ssize_t _CONTENTS_SLOTS[6]
cdef Py_ssize_t _EFFECT_SLOTS[9]
_in_step()
_slots_of(_Provision, _SLOTS, 17)
_slots_of(_Commentary, _NOTE_SLOTS, 4)
_slots_of(_AmendmentMark, _MARK_SLOTS, 4)
_slots_of(_CrossReference, _REF_SLOTS, 3)
_slots_of(_ContentsEntry, _CONTENTS_SLOTS, 6)
_slots_of(_UnappliedEffect, _EFFECT_SLOTS, 9)


# -- what a tag is -----------------------------------------------------------------------


cdef class _Tag:
    """One element name, as the parser's `_inline_info` and `_struct_info` see it."""

    cdef str before, after, name, unknown, local
    cdef int special, cat
    cdef bint numbered
    # the parser's `_kind` of such an element, by its parent's kind (see `Reader._kind`)
    cdef dict kinds

    def __init__(self, str tag):
        before, after, special, name, unknown = _inline_info(tag)
        local, cat = _struct_info(tag)
        self.before = before
        self.after = after
        self.special = special
        self.name = name
        self.unknown = unknown
        self.local = local
        self.cat = cat
        self.numbered = local in _NUMBERED
        self.kinds = {}


# Element names are interned by libxml2, so a name is known by the addresses of its
# local name and namespace. The table is cleared (by a new generation) at every entry
# from Python, so no address outlives the tree it was read from.
cdef enum:
    TABLE = 1024
cdef const void* _t_name[TABLE]
cdef const void* _t_href[TABLE]
cdef unsigned int _t_gen[TABLE]
cdef int _t_index[TABLE]
cdef unsigned int _generation = 1
cdef list _tags = []


cdef void _new_generation():
    global _generation, _tags
    _generation += 1
    if _generation == 0:
        # after 2**32 entries: start again with an empty table
        for i in range(TABLE):
            _t_gen[i] = 0
        _generation = 1
    _tags = []


cdef _Tag _tag_of(xmlNode* n):
    cdef const void* name = n.name
    cdef const void* href = NULL
    if n.ns is not NULL:
        href = n.ns.href
    cdef size_t h = ((<size_t>name >> 3) * <size_t>2654435761 + (<size_t>href >> 3)) & (TABLE - 1)
    while _t_gen[h] == _generation:
        if _t_name[h] == name and _t_href[h] == href:
            return <_Tag>_tags[_t_index[h]]
        h = (h + 1) & (TABLE - 1)
    if len(_tags) >= TABLE // 2:
        # a document with hundreds of distinct names: start the table again
        _new_generation()
        return _tag_of(n)
    tag = _Tag(_clark(n))
    _t_gen[h] = _generation
    _t_name[h] = name
    _t_href[h] = href
    _t_index[h] = len(_tags)
    _tags.append(tag)
    return tag


cdef str _utf8(const char* s):
    return PyUnicode_DecodeUTF8(s, strlen(s), NULL)


cdef str _clark(xmlNode* n):
    """The tag as lxml spells it: ``{namespace}name``, or ``name`` without one."""
    name = _utf8(<const char*>n.name)
    if n.ns is not NULL and n.ns.href is not NULL:
        return "{" + _utf8(<const char*>n.ns.href) + "}" + name
    return name


# -- text --------------------------------------------------------------------------------


cdef inline bint _is_text(xmlNode* c):
    return c.type == XML_TEXT_NODE or c.type == XML_CDATA_SECTION_NODE


cdef inline bint _is_elementish(xmlNode* c):
    # what lxml counts in len(el) and iterates over
    return (
        c.type == XML_ELEMENT_NODE
        or c.type == XML_COMMENT_NODE
        or c.type == XML_ENTITY_REF_NODE
        or c.type == XML_PI_NODE
    )


cdef bint _has_children(xmlNode* n):
    cdef xmlNode* c = n.children
    while c is not NULL:
        if _is_elementish(c):
            return True
        c = c.next
    return False


cdef enum:
    # deeper than any served document (libxml2 stops parsing at 256 levels); a tree built
    # by hand can be deeper, and is refused rather than run out of C stack
    MAX_DEPTH = 1000


cdef struct NodeList:
    xmlNode** items
    size_t size
    size_t capacity


cdef struct Buffer:
    char* data
    size_t size
    size_t capacity


cdef int _grow(Buffer* b, size_t more) except -1:
    cdef size_t want = b.size + more
    cdef size_t cap = b.capacity if b.capacity else 256
    cdef char* data
    if want <= b.capacity:
        return 0
    while cap < want:
        cap *= 2
    data = <char*>realloc(b.data, cap)
    if data is NULL:
        raise MemoryError()
    b.data = data
    b.capacity = cap
    return 0


cdef int _put(Buffer* b, const char* s, size_t n) except -1:
    if n:
        _grow(b, n)
        memcpy(b.data + b.size, s, n)
        b.size += n
    return 0


cdef str _taken(Buffer* b):
    """The buffer's text, decoded; the buffer is emptied for reuse."""
    out = PyUnicode_DecodeUTF8(b.data, b.size, NULL) if b.size else ""
    b.size = 0
    return out


cdef int _put_run(Buffer* b, xmlNode* c) except -1:
    """lxml's ``.text`` or ``.tail`` starting at `c`: consecutive text nodes."""
    while c is not NULL:
        if _is_text(c):
            if c.content is not NULL:
                _put(b, <const char*>c.content, strlen(<const char*>c.content))
        elif c.type != XML_XINCLUDE_START and c.type != XML_XINCLUDE_END:
            break
        c = c.next
    return 0


cdef int _put_all(Buffer* b, xmlNode* c, int depth) except -1:
    """Every text node below `c` and its following siblings: lxml's ``itertext``."""
    if depth > MAX_DEPTH:
        raise RecursionError("elements are nested too deeply to read")
    while c is not NULL:
        if _is_text(c):
            if c.content is not NULL:
                _put(b, <const char*>c.content, strlen(<const char*>c.content))
        elif c.type == XML_ELEMENT_NODE:
            _put_all(b, c.children, depth + 1)
        c = c.next
    return 0


cdef int _put_str(Buffer* b, str text) except -1:
    cdef Py_ssize_t n
    cdef const char* s = PyUnicode_AsUTF8AndSize(text, &n)
    return _put(b, s, <size_t>n)


cdef int _space_at(const unsigned char* s, size_t i, size_t n):
    """The length of the whitespace character (as `str.isspace` has it) at byte `i`, or 0."""
    cdef unsigned char c = s[i]
    if c == 0x20 or (0x09 <= c <= 0x0D) or (0x1C <= c <= 0x1F):
        return 1
    if c < 0xC2 or c > 0xE3 or i + 1 >= n:
        return 0
    if c == 0xC2:
        return 2 if s[i + 1] == 0x85 or s[i + 1] == 0xA0 else 0
    if i + 2 >= n:
        return 0
    if c == 0xE1:
        return 3 if s[i + 1] == 0x9A and s[i + 2] == 0x80 else 0
    if c == 0xE2:
        if s[i + 1] == 0x80 and (
            s[i + 2] <= 0x8A or s[i + 2] == 0xA8 or s[i + 2] == 0xA9 or s[i + 2] == 0xAF
        ):
            return 3
        return 3 if s[i + 1] == 0x81 and s[i + 2] == 0x9F else 0
    if c == 0xE3:
        return 3 if s[i + 1] == 0x80 and s[i + 2] == 0x80 else 0
    return 0


cdef bint _plain(const char* text, size_t n):
    """True when ``" ".join(t.split())`` would give the (UTF-8) text back unchanged.

    That is: no whitespace but single spaces between words. Most of a document's
    blocks are so, and then need no splitting into words and joining again.
    """
    cdef const unsigned char* s = <const unsigned char*>text
    cdef size_t i = 0
    cdef int width
    if n == 0:
        return True
    while i < n:
        if s[i] <= 0x01:
            # a block boundary or a number's glue (the parser's _BREAK, _GLUE)
            return False
        width = _space_at(s, i, n)
        if width:
            if s[i] != 0x20 or i == 0 or i + 1 == n or s[i + 1] == 0x20:
                return False
            # a single space: what follows must not be whitespace either
            if _space_at(s, i + 1, n):
                return False
        i += 1
    return True


cdef bint _blank(const char* text, size_t n):
    """True when the (UTF-8) text is whitespace only: `str.isspace`, for n > 0."""
    cdef const unsigned char* s = <const unsigned char*>text
    cdef size_t i = 0
    cdef int width
    while i < n:
        width = _space_at(s, i, n)
        if not width:
            return False
        i += width
    return True


cdef str _normal(Buffer* b, Buffer* out):
    """``" ".join(text.split())`` of the buffer's text (`b` is emptied)."""
    if _plain(b.data, b.size):
        return _taken(b)
    return _tidied(b, out, True)


cdef str _tidied(Buffer* b, Buffer* out, bint one_line):
    """The parser's cleaning of a block's text, in one pass (`b` is emptied).

    Lines are split at the parser's block boundary (``_BREAK``, a NUL) only; within a
    line, words are split at any whitespace `str.split` knows and joined by single
    spaces; lines with no words are dropped and the rest joined by ``\\n``. A number's
    glue (``_GLUE``) is a space after which boundaries are ignored until the next word.
    Without either mark, or with `one_line`, that is ``" ".join(text.split())``.
    """
    cdef const unsigned char* s = <const unsigned char*>b.data
    cdef size_t i = 0, n = b.size
    cdef bint line_words = False, any_words = False, gap = False, glued = False
    cdef int width
    cdef unsigned char c
    out.size = 0
    _grow(out, n + 1)
    while i < n:
        c = s[i]
        if c == 0x00 and not one_line:
            if not glued:
                line_words = False
                gap = False
            i += 1
            continue
        if c == 0x01 and not one_line:
            if line_words:
                gap = True
            glued = True
            i += 1
            continue
        width = _space_at(s, i, n)
        if width:
            if line_words:
                gap = True
            i += width
            continue
        if not line_words:
            if any_words:
                out.data[out.size] = 0x0A
                out.size += 1
            line_words = True
            any_words = True
        elif gap:
            out.data[out.size] = 0x20
            out.size += 1
        gap = False
        glued = False
        out.data[out.size] = <char>c
        out.size += 1
        i += 1
    b.size = 0
    return _taken(out)


cdef object _attr(xmlNode* n, const char* name):
    """``el.get(name)`` for an attribute without a namespace: its value, or None."""
    cdef xmlAttr* a = n.properties
    while a is not NULL:
        if a.ns is NULL and strcmp(<const char*>a.name, name) == 0:
            return _value(a)
        a = a.next
    return None


cdef str _value(xmlAttr* a):
    """An attribute's value (the text of its children)."""
    cdef xmlNode* c = a.children
    cdef Buffer b
    if c is NULL:
        return ""
    if c.next is NULL:
        return _utf8(<const char*>c.content) if c.content is not NULL else ""
    b.data = NULL
    b.size = b.capacity = 0
    try:
        while c is not NULL:
            if c.content is not NULL:
                _put(&b, <const char*>c.content, strlen(<const char*>c.content))
            c = c.next
        return _taken(&b)
    finally:
        free(b.data)


cdef bint _addressed(xmlNode* n):
    value = _attr(n, b"IdURI") or _attr(n, b"DocumentURI")
    return value is not None


cdef bint _holds_numbered(xmlNode* n):
    cdef xmlNode* c = n.children
    while c is not NULL:
        if c.type == XML_ELEMENT_NODE and _tag_of(c).numbered:
            return True
        c = c.next
    return False


cdef int _role(xmlNode* c, _Tag tag):
    """The parser's `_children` role of an element child."""
    cdef int cat = tag.cat
    if cat == SKIP:
        return R_SKIP
    if cat == STRUCT or cat == GROUP or (cat == P_CAT and _addressed(c)):
        return R_STRUCTURE
    if cat == THROUGH or ((cat == P_CAT or cat == PARA) and _holds_numbered(c)):
        return R_THROUGH
    return R_LOOSE


# -- inherited attributes ----------------------------------------------------------------


# the attributes that restrict what an element inherits, in `_Inherited.restricted` order
cdef const char* _RESTRICTING[5]
_RESTRICTING[:] = [b"RestrictExtent", b"RestrictStartDate", b"RestrictEndDate", b"Status", b"Match"]


cdef object _apply(object inherited, xmlNode* n):
    """The parser's `_Inherited.apply`: the attributes are read here, and it decides."""
    cdef xmlAttr* a = n.properties
    cdef list values = None
    while a is not NULL:
        if a.ns is NULL:
            for i in range(5):
                if strcmp(<const char*>a.name, _RESTRICTING[i]) == 0:
                    if values is None:
                        values = [None, None, None, None, None]
                    values[i] = _value(a)
                    break
        a = a.next
    if values is None:
        # most elements carry none of them
        return inherited
    return inherited.restricted(*values)


# -- the reader --------------------------------------------------------------------------


cdef class _Marks:
    """The parser's `_Collected`: notes, amendment marks and references, in order."""

    cdef public list commentaries, amendments, references

    def __cinit__(self):
        self.commentaries = []
        self.amendments = []
        self.references = []


cdef _provision(
    pid, kind, number, number_text, heading, str text, tuple children, _Marks found,
    object inh,
):
    """The parser's `_make`."""
    cdef list c = found.commentaries
    return _new_provision((
        pid,
        kind,
        number,
        number_text,
        heading,
        None,
        text,
        inh.extent,
        inh.start,
        inh.end,
        inh.status,
        inh.matches,
        _untracked(tuple(dict.fromkeys(c))) if c else (),
        _untracked(tuple(found.amendments)) if found.amendments else (),
        _untracked(tuple(found.references)) if found.references else (),
        _untracked(children) if children else (),
        inh.conflict,
    ))


cdef object _new_provision(tuple values):
    """``Provision(*values)``, filling its slots directly.

    A frozen dataclass sets each field through ``object.__setattr__`` in a Python
    ``__init__``: about a microsecond a provision, for checks this module's callers have
    already made. The slots are filled as that ``__init__`` would fill them.
    """
    return _filled(_Provision, _SLOTS, values)


cdef object _filled(type cls, Py_ssize_t* offsets, tuple values):
    cdef PyTypeObject* t = <PyTypeObject*>cls
    obj = t.tp_new(cls, <PyObject*>_NO_ARGS, NULL)
    cdef char* base = <char*><PyObject*>obj
    cdef PyObject** slot
    for i in range(len(values)):
        value = values[i]
        Py_INCREF(value)
        slot = <PyObject**>(base + offsets[i])
        slot[0] = <PyObject*>value
    # Models are immutable and made bottom-up (a provision after its children), so they
    # can never be part of a reference cycle: the cycle collector need not look at them.
    PyObject_GC_UnTrack(obj)
    return obj


cdef tuple _untracked(tuple items):
    """`items`, which (being made of models and strings) no cycle can pass through."""
    PyObject_GC_UnTrack(items)
    return items


cdef inline object _field(object p, int i):
    """Field `i` of a `Provision` (in field order), read from its slot."""
    return <object>(<PyObject**>(<char*><PyObject*>p + _SLOTS[i]))[0]


# Provision's fields, by position
cdef enum:
    F_ID = 0
    F_KIND = 1
    F_NUMBER = 2
    F_NUMBER_TEXT = 3
    F_HEADING = 4
    F_GROUP_HEADING = 5
    F_TEXT = 6
    F_COMMENTARIES = 12
    F_AMENDMENTS = 13
    F_REFERENCES = 14


cdef bint _unit_word(str pid):
    """Whether the identifier's second-last segment names a unit (``section`` ...)."""
    parts = pid.rsplit("/", 2)
    if len(parts) < 2:
        raise IndexError("list index out of range")  # as `Provision.render` would
    return parts[len(parts) - 2] in _UNIT_WORDS


cdef str _render(object p):
    """`Provision.render`."""
    number_text = _field(p, F_NUMBER_TEXT)
    number = _field(p, F_NUMBER)
    label = ""
    if number_text is not None:
        label = number_text
    elif number:
        unit = _field(p, F_KIND) in _BARE_NUMBERS or _unit_word(_field(p, F_ID))
        label = number if unit else "(" + number + ")"
    heading = _field(p, F_HEADING)
    text = _field(p, F_TEXT)
    if heading:
        lead = (label + " " + heading).strip()
        return (lead + "\n" + text).strip()
    return (label + " " + text).strip()


cdef str _render_run(list run):
    """`render_sequence` of consecutive sub-provisions."""
    cdef list lines = []
    current = None
    for p in run:
        group = _field(p, F_GROUP_HEADING)
        if group and group != current:
            lines.append(group)
        current = group
        line = _render(p)
        lines.append(line)
    return "\n".join([line for line in lines if line])


cdef object _canon(uri):
    """The parser's `_canonical`: an address as an identifier, or None.

    Its common case, an ``IdURI`` with no version or format, is worked out here; the
    parser's cache would only hold it (provision addresses are each seen once).
    """
    if not uri:
        return None
    if uri.startswith(_ID_URI) and "/data." not in uri:
        return uri[len(_ID_URI):]
    return _canonical(uri)


cdef tuple _numbered(printed, pid, kind):
    """The parser's `_numbering`, with its `_number` cache read here."""
    if printed is not None:
        number = _NUMBER_CACHE.get(printed, _MISSING)
        if number is _MISSING:
            number = _number(printed, pid, kind)
        if printed and printed.strip("()") != number:
            return number, printed
        return number, None
    return _numbering(printed, pid, kind)


cdef class _Body:
    """The parser's `_Body`: one provision's lines, sub-provisions and notes.

    Its lists are made when first needed: most provisions are a line of words with no
    sub-provisions and no marks.
    """

    cdef object pid, kind
    cdef _Marks found, absorbed
    cdef list lines, run, real

    def __cinit__(self, pid, kind):
        self.pid = pid
        self.kind = kind
        self.found = _Marks()

    cdef _Marks absorbing(self):
        if self.absorbed is None:
            self.absorbed = _Marks()
        return self.absorbed

    cdef line(self, str text):
        if self.lines is None:
            self.lines = []
        if self.run:
            self.lines.append(_render_run(self.run))
            self.run = None
        self.lines.append(text)

    cdef add(self, p):
        if self.real is None:
            self.real = [p]
        else:
            self.real.append(p)
        if self.run is None:
            self.run = [p]
        else:
            self.run.append(p)

    cdef tuple children(self):
        return tuple(self.real) if self.real is not None else ()

    cdef str finish(self):
        if self.run:
            if self.lines is None:
                self.lines = []
            self.lines.append(_render_run(self.run))
        cdef _Marks found = self.found
        cdef _Marks absorbed = self.absorbed
        if absorbed is not None:
            if absorbed.commentaries:
                found.commentaries.extend(absorbed.commentaries)
            if absorbed.amendments:
                found.amendments.extend(absorbed.amendments)
            if absorbed.references:
                found.references.extend(absorbed.references)
        if self.lines is None:
            return ""
        if len(self.lines) == 1:
            return self.lines[0]
        return "\n".join([x for x in self.lines if x])


cdef class Reader:
    """Reads one document's tree for a `_DocumentParser` (its `parser`)."""

    cdef object parser
    cdef set unknown
    cdef list scratch
    # how many elements deep the walk is (see `_down`)
    cdef int depth
    cdef _Document doc
    # the text being read, a mark's or tail's text read meanwhile, and cleaned text
    cdef Buffer buf
    cdef Buffer mark_buf
    cdef Buffer tidy_buf

    def __cinit__(self, parser, _Element root not None):
        self.parser = parser
        self.unknown = parser.unknown
        self.scratch = []
        self.doc = root._doc
        self.buf.data = NULL
        self.buf.size = self.buf.capacity = 0
        self.mark_buf.data = NULL
        self.mark_buf.size = self.mark_buf.capacity = 0
        self.tidy_buf.data = NULL
        self.tidy_buf.size = self.tidy_buf.capacity = 0

    def __dealloc__(self):
        free(self.buf.data)
        free(self.mark_buf.data)
        free(self.tidy_buf.data)

    # -- entry points (each starts a new tag table: see `_tag_of`)

    def provisions(self, _Element el not None, str parent_id, parent_kind, inherited):
        """The parser's `provisions` of `el` with `inherited` (a Python `_Inherited`)."""
        _new_generation()
        self.depth = 0
        out = []
        self._read(el._c_node, inherited, None, parent_id, parent_kind, out)
        return out

    def commentaries(self, _Element root not None):
        """The parser's `_commentaries` of `root`: the document's notes, by id."""
        _new_generation()
        self.depth = 0
        cdef dict out = {}
        cdef xmlNode* block
        for holder, tag, kind in (
            (b"Commentaries", b"Commentary", None),
            (b"Footnotes", b"Footnote", "footnote"),
            (b"MarginNotes", b"MarginNote", "margin-note"),
        ):
            block = _first_child(root._c_node, holder)
            if block is not NULL:
                self._notes(block, tag, kind, out)
        return out

    cdef int _notes(self, xmlNode* n, bytes tag, kind, dict out) except -1:
        """Each ``tag`` element at or below `n`, in document order (``n.iter(tag)``)."""
        cdef xmlNode* c
        cdef _Marks marks
        self._down()
        if _is_leg(n, tag):
            marks = _Marks()
            text = self._text_of(n, marks)
            cid = _attr(n, b"id") or _attr(n, b"Id") or ""
            out[cid] = _filled(
                _Commentary,
                _NOTE_SLOTS,
                (
                    cid,
                    kind or _attr(n, b"Type") or "X",
                    text.replace("\n", " "),
                    _untracked(tuple(marks.references)) if marks.references else (),
                ),
            )
        c = n.children
        while c is not NULL:
            if c.type == XML_ELEMENT_NODE:
                self._notes(c, tag, kind, out)
            c = c.next
        self.depth -= 1
        return 0

    def contents(self, _Element el not None):
        """The parser's `_contents` of a ``Contents`` element, as a tuple."""
        _new_generation()
        self.depth = 0
        return self._contents(el._c_node, True)

    cdef tuple _contents(self, xmlNode* el, bint top):
        cdef list out = []
        cdef xmlNode* c = el.children
        cdef xmlNode* g
        cdef xmlNode* number_el
        cdef xmlNode* title_el
        cdef _Tag tag
        self._down()
        while c is not NULL:
            if c.type != XML_ELEMENT_NODE:
                c = c.next
                continue
            tag = _tag_of(c)
            name = tag.local
            if top and name == "ContentsTitle":
                # the title of the whole table: kept as an entry so no words are lost
                out.append(_entry((None, "title", None, self._all_text(c), _CURRENT, ())))
            elif not name.startswith("Contents") or name in ("ContentsNumber", "ContentsTitle"):
                if name and name not in _KNOWN_ELEMENTS:
                    self.unknown.add(name)
            else:
                number_el = title_el = NULL
                g = c.children
                while g is not NULL:
                    if _is_leg(g, b"ContentsNumber"):
                        if number_el is NULL:
                            number_el = g
                    elif _is_leg(g, b"ContentsTitle") and title_el is NULL:
                        title_el = g
                    g = g.next
                status = _attr(c, b"Status")
                out.append(
                    _entry(
                        (
                            _canon(_attr(c, b"IdURI") or _attr(c, b"DocumentURI")),
                            name.removeprefix("Contents").lower() or "contents",
                            self._all_text(number_el) if number_el is not NULL else None,
                            self._all_text(title_el) if title_el is not NULL else "",
                            _STATUSES.get(status.lower(), _CURRENT) if status else _CURRENT,
                            self._contents(c, False),
                        )
                    )
                )
            c = c.next
        self.depth -= 1
        return _untracked(tuple(out)) if out else ()

    def unapplied(self, _Element meta):
        """The parser's `_unapplied` of the ``Metadata`` element, as a tuple."""
        if meta is None:
            return ()
        _new_generation()
        self.depth = 0
        cdef list out = []
        self._effects(meta._c_node, out)
        return _untracked(tuple(out)) if out else ()

    cdef int _effects(self, xmlNode* n, list out) except -1:
        """Each ``ukm:UnappliedEffect`` at or below `n`, in document order."""
        cdef xmlNode* c
        cdef Buffer* b = &self.buf
        self._down()
        if _is_ns(n, _UKM, b"UnappliedEffect"):
            dates = []
            prospective = False
            self._forces(n, dates, &prospective)
            title = None
            c = _first_ns_child(n, _UKM, b"AffectingTitle")
            if c is not NULL:
                b.size = 0
                _put_run(b, c.children)
                title = _taken(b) if b.size else _text_or_none(c)
            type_ = _attr(n, b"Type")
            affected = _attr(n, b"AffectedProvisions")
            affecting_provisions = _attr(n, b"AffectingProvisions")
            out.append(
                _filled(
                    _UnappliedEffect,
                    _EFFECT_SLOTS,
                    (
                        type_ if type_ is not None else "",
                        affected if affected is not None else "",
                        _canon(_attr(n, b"AffectingURI")),
                        affecting_provisions if affecting_provisions is not None else "",
                        title,
                        _untracked(tuple(dates)) if dates else (),
                        prospective,
                        _flag(_attr(n, b"RequiresApplied")),
                        _attr(n, b"Notes") or None,
                    ),
                )
            )
        c = n.children
        while c is not NULL:
            if c.type == XML_ELEMENT_NODE:
                self._effects(c, out)
            c = c.next
        self.depth -= 1
        return 0

    cdef int _forces(self, xmlNode* n, list dates, bint* prospective) except -1:
        """The dates and prospective flags of the ``ukm:InForce`` at or below `n`."""
        cdef xmlNode* c
        self._down()
        if _is_ns(n, _UKM, b"InForce"):
            d = _date(_attr(n, b"Date"))
            if d is not None:
                dates.append(d)
            if _attr(n, b"Prospective") == "true":
                prospective[0] = True
        c = n.children
        while c is not NULL:
            if c.type == XML_ELEMENT_NODE:
                self._forces(c, dates, prospective)
            c = c.next
        self.depth -= 1
        return 0

    cdef int _down(self) except -1:
        """One element deeper; refused past MAX_DEPTH. Each entry point starts at 0."""
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise RecursionError("elements are nested too deeply to read")
        return 0

    # -- text

    cdef str _text_of(self, xmlNode* n, _Marks found):
        cdef Buffer* b = &self.buf
        cdef _Tag tag
        if not _has_children(n):
            # most blocks are a plain <Text> with no markup inside
            b.size = 0
            _put_run(b, n.children)
            return _normal(b, &self.mark_buf)
        tag = _tag_of(n)
        if tag.unknown is not None:
            self.unknown.add(tag.unknown)
        if tag.special:
            self._mark(n, tag, found)
        b.size = 0
        self._inline(n.children, found)
        # the tail counts only when it is more than blank space
        cdef Buffer* t = &self.mark_buf
        t.size = 0
        _put_run(t, n.next)
        if t.size and not _blank(t.data, t.size):
            _put_str(b, tag.after)
            _put(b, t.data, t.size)
        t.size = 0
        if _plain(b.data, b.size):
            return _taken(b)
        return _tidied(b, t, False)

    cdef int _inline(self, xmlNode* c, _Marks found) except -1:
        """Append the words of `c` and its following siblings to the buffer."""
        cdef Buffer* b = &self.buf
        cdef _Tag tag
        # the parser's `_QUOTED_NUMBER`: how a numbered paragraph's number prints inline
        cdef _Tag number_tag = None
        if c is not NULL and c.parent is not NULL:
            number_tag = _quoted_number(c.parent)
        self._down()
        while c is not NULL:
            if _is_text(c):
                if c.content is not NULL:
                    _put(b, <const char*>c.content, strlen(<const char*>c.content))
            elif c.type == XML_ELEMENT_NODE:
                if number_tag is not None and _is_leg(c, b"Pnumber"):
                    tag = number_tag
                else:
                    tag = _tag_of(c)
                if tag.unknown is not None:
                    self.unknown.add(tag.unknown)
                if tag.special:
                    self._mark(c, tag, found)
                if tag.before:
                    _put_str(b, tag.before)
                self._inline(c.children, found)
                if tag.after:
                    _put_str(b, tag.after)
            c = c.next
        self.depth -= 1
        return 0

    cdef str _all_text(self, xmlNode* n):
        """The parser's `_clean(_all_text(el))`."""
        cdef Buffer* b = &self.mark_buf
        b.size = 0
        if _has_children(n):
            _put_all(b, n.children, 0)
        else:
            _put_run(b, n.children)
        return _normal(b, &self.tidy_buf)

    cdef int _mark(self, xmlNode* n, _Tag tag, _Marks found) except -1:
        cdef int special = tag.special
        if special == COMMENTARY_REF:
            ref = _attr(n, b"Ref")
            if ref:
                found.commentaries.append(ref)
        elif special == AMENDMENT:
            ref = _attr(n, b"CommentaryRef")
            if ref:
                found.commentaries.append(ref)
            found.amendments.append(
                _filled(
                    _AmendmentMark,
                    _MARK_SLOTS,
                    (_AMENDMENTS[tag.name], self._all_text(n), ref, _attr(n, b"ChangeId")),
                )
            )
        else:
            found.references.append(
                _filled(
                    _CrossReference,
                    _REF_SLOTS,
                    (
                        self._all_text(n),
                        _canon(_attr(n, b"URI")),
                        "citation" if special == CITATION else "subref",
                    ),
                )
            )
        return 0

    cdef str _heading(self, xmlNode* n, _Marks found):
        text = self._text_of(n, found)
        return text.replace("\n", " \u2014 ") if text else None

    # -- structure

    cdef int _read(
        self, xmlNode* n, object inh, _Body body, str parent_id, parent_kind, list out
    ) except -1:
        """The parser's `_read`: into `body` (loose words are absorbed) or, when `body` is
        None, into the list `out` (loose words become text provisions)."""
        cdef xmlNode* c = n.children
        cdef _Tag tag
        cdef int role
        cdef list texts = None
        cdef _Marks found = None
        cdef Py_ssize_t c0 = 0, a0 = 0, r0 = 0
        self._down()
        while c is not NULL:
            if c.type == XML_ELEMENT_NODE:
                tag = _tag_of(c)
                role = _role(c, tag)
                if role == R_LOOSE:
                    if texts is None:
                        # a run of loose words starts: where will its notes go?
                        texts = []
                        if body is None:
                            found = _Marks()
                        else:
                            found = body.absorbing()
                            c0 = len(found.commentaries)
                            a0 = len(found.amendments)
                            r0 = len(found.references)
                    texts.append(self._text_of(c, found))
                elif role != R_SKIP:
                    if texts is not None:
                        self._loose(texts, found, c0, a0, r0, body, parent_id, inh, out)
                        texts = None
                    if role == R_STRUCTURE:
                        if body is None:
                            self._structural(c, tag, parent_id, parent_kind, inh, out)
                        else:
                            self._substructure(body, c, tag, inh)
                    else:
                        self._read(c, _apply(inh, c), body, parent_id, parent_kind, out)
            c = c.next
        if texts is not None:
            self._loose(texts, found, c0, a0, r0, body, parent_id, inh, out)
        self.depth -= 1
        return 0

    cdef int _loose(
        self, list texts, _Marks found, Py_ssize_t c0, Py_ssize_t a0, Py_ssize_t r0,
        _Body body, str parent_id, object inh, list out,
    ) except -1:
        """A run of loose words has been read: keep it (or, if empty, drop its marks)."""
        text = _joined(texts)
        if body is None:
            # the parser's `_Sequence.loose`: a text provision, if there is anything
            if text or found.commentaries:
                out.append(_provision(parent_id, _TEXT, None, None, None, text, (), found, inh))
        elif not text and len(found.commentaries) == c0:
            # the parser's `_Body.loose`: nothing to keep, so the run's marks go too
            del found.amendments[a0:]
            del found.references[r0:]
        else:
            body.line(text)
        return 0

    cdef int _substructure(self, _Body body, xmlNode* c, _Tag tag, object inh) except -1:
        # sub-provisions are gathered on the reader's scratch list, above `start`: nested
        # reads use it too, each above its own start and cleared when done
        cdef list sub = self.scratch
        cdef Py_ssize_t start = len(sub)
        self._structural(c, tag, body.pid, body.kind, inh, sub)
        cdef _Marks absorbed
        for i in range(start, len(sub)):
            p = sub[i]
            if _field(p, F_KIND) is _TEXT:
                # unnumbered words under a heading: text of the enclosing provision
                body.line(_field(p, F_TEXT))
                absorbed = body.absorbing()
                absorbed.commentaries.extend(_field(p, F_COMMENTARIES))
                absorbed.amendments.extend(_field(p, F_AMENDMENTS))
                absorbed.references.extend(_field(p, F_REFERENCES))
            else:
                body.add(p)
        del sub[start:]
        return 0

    cdef int _structural(
        self, xmlNode* n, _Tag tag, str parent_id, parent_kind, object inh, list out
    ) except -1:
        cdef xmlNode* c
        cdef _Tag ctag
        cdef int role
        cdef _Body body
        cdef NodeList own
        self._down()
        inh = _apply(inh, n)
        if tag.cat == GROUP:
            self._group(n, parent_id, parent_kind, inh, out)
            self.depth -= 1
            return 0
        pid = self._id_for(n, tag, parent_id, parent_kind)
        kind = self._kind(tag, pid, parent_kind)
        number = None
        heading = None
        body = _Body(pid, kind)
        cdef _Marks found = body.found
        own.items = NULL
        own.size = own.capacity = 0
        try:
            c = n.children
            while c is not NULL:
                if c.type == XML_ELEMENT_NODE:
                    ctag = _tag_of(c)
                    role = _role(c, ctag)
                    if role == R_LOOSE:
                        if ctag.cat == NUMBER_CAT and number is None:
                            number = self._text_of(c, found) or None
                        elif ctag.cat == HEADING_CAT and heading is None:
                            heading = self._heading(c, found)
                        else:
                            # read when the run ends, as the parser does: a number or
                            # heading inside the run has its notes taken first
                            _push(&own, c)
                    elif role != R_SKIP:
                        if own.size:
                            self._own(body, &own)
                        if role == R_STRUCTURE:
                            self._substructure(body, c, ctag, inh)
                        else:
                            self._read(c, _apply(inh, c), body, None, None, None)
                c = c.next
            if own.size:
                self._own(body, &own)
        finally:
            free(own.items)
        text = body.finish()
        bare, number_text = _numbered(number, pid, kind)
        out.append(
            _provision(pid, kind, bare, number_text, heading, text, body.children(), found, inh)
        )
        self.depth -= 1
        return 0

    cdef int _own(self, _Body body, NodeList* own) except -1:
        """Words directly in the provision: its own text, with its own notes."""
        texts = [self._text_of(own.items[i], body.found) for i in range(own.size)]
        own.size = 0
        text = _joined(texts)
        if text:
            body.line(text)
        return 0

    cdef int _group(
        self, xmlNode* n, str parent_id, parent_kind, object inh, list out
    ) except -1:
        cdef xmlNode* c = n.children
        cdef _Tag tag
        cdef int role
        cdef _Marks found = _Marks()
        heading = None
        cdef list members = []
        while c is not NULL:
            if c.type == XML_ELEMENT_NODE:
                tag = _tag_of(c)
                role = _role(c, tag)
                if role == R_STRUCTURE:
                    self._structural(c, tag, parent_id, parent_kind, inh, members)
                elif role == R_THROUGH:
                    # as the parser's `_group`: the container's own attributes are not read
                    self._read(c, inh, None, parent_id, parent_kind, members)
                elif tag.cat == HEADING_CAT and heading is None:
                    heading = self._heading(c, found)
                elif role == R_LOOSE:
                    single = _Marks()
                    text = self._text_of(c, single)
                    self._loose([text], single, 0, 0, 0, None, parent_id, inh, members)
            c = c.next
        self.parser._gathered(heading, found, members, parent_id, inh, out)
        return 0

    cdef object _kind(self, _Tag tag, str pid, parent_kind):
        """The parser's `_kind`: fixed by the tag and the parent's kind, but for ``P1``."""
        if tag.local == "P1":
            return self.parser._kind(tag.local, pid, parent_kind)
        kind = tag.kinds.get(parent_kind, _MISSING)
        if kind is _MISSING:
            kind = tag.kinds[parent_kind] = self.parser._kind(tag.local, pid, parent_kind)
        return kind

    cdef object _id_for(self, xmlNode* n, _Tag tag, str parent_id, parent_kind):
        canon = _canon(_attr(n, b"IdURI") or _attr(n, b"DocumentURI"))
        if canon is not None:
            return canon
        # no usable address (rare): the parser works the identifier out from the element
        return self.parser._id_for(elementFactory(self.doc, n), tag.local, parent_id, parent_kind)


cdef _Tag _numbered_tag(tuple info):
    """A `_Tag` for a Pnumber printed inline with the parser's `info` (`_QUOTED_NUMBER`)."""
    tag = _Tag(_parser._PNUMBER)
    tag.before, tag.after, tag.special, tag.name, tag.unknown = info
    return tag


cdef _Tag _UNIT_NUMBER = _numbered_tag(_parser._UNIT_NUMBER)
cdef _Tag _SUBDIVISION_NUMBER = _numbered_tag(_parser._SUBDIVISION_NUMBER)


cdef _Tag _quoted_number(xmlNode* parent):
    """The tag its ``Pnumber`` children are read with, when `parent` is a P1 to P7."""
    cdef const unsigned char* name
    if parent.type != XML_ELEMENT_NODE:
        return None
    # the name first (cheap, and rarely a match), then the namespace
    name = <const unsigned char*>parent.name
    if name[0] != 0x50 or name[1] < 0x31 or name[1] > 0x37 or name[2] != 0:  # "P1" to "P7"
        return None
    if not _is_ns(parent, _LEG, <const char*>parent.name):
        return None
    return _UNIT_NUMBER if name[1] == 0x31 else _SUBDIVISION_NUMBER


cdef bint _is_leg(xmlNode* n, const char* name):
    """True for an element of the legislation namespace called `name`."""
    return _is_ns(n, _LEG, name)


cdef bint _is_ns(xmlNode* n, const char* href, const char* name):
    """True for an element of namespace `href` called `name`."""
    return (
        n.type == XML_ELEMENT_NODE
        and n.ns is not NULL
        and n.ns.href is not NULL
        and strcmp(<const char*>n.ns.href, href) == 0
        and strcmp(<const char*>n.name, name) == 0
    )


cdef xmlNode* _first_ns_child(xmlNode* n, const char* href, const char* name):
    cdef xmlNode* c = n.children
    while c is not NULL:
        if _is_ns(c, href, name):
            return c
        c = c.next
    return NULL


cdef object _text_or_none(xmlNode* n):
    """lxml's ``.text`` when it found text nodes that were all empty: ``''``."""
    cdef xmlNode* c = n.children
    while c is not NULL:
        if _is_text(c):
            return ""
        if c.type != XML_XINCLUDE_START and c.type != XML_XINCLUDE_END:
            return None
        c = c.next
    return None


cdef object _entry(tuple values):
    return _filled(_ContentsEntry, _CONTENTS_SLOTS, values)


cdef xmlNode* _first_child(xmlNode* n, const char* name):
    """``n.find(name)`` in the legislation namespace."""
    cdef xmlNode* c = n.children
    while c is not NULL:
        if _is_leg(c, name):
            return c
        c = c.next
    return NULL


cdef str _joined(list texts):
    """The parser's `_join_texts` of already-read texts."""
    if len(texts) == 1:
        return texts[0]
    return "\n".join([t for t in texts if t])


cdef int _push(NodeList* nodes, xmlNode* n) except -1:
    cdef size_t cap
    cdef xmlNode** items
    if nodes.size == nodes.capacity:
        cap = nodes.capacity * 2 if nodes.capacity else 8
        items = <xmlNode**>realloc(nodes.items, cap * sizeof(xmlNode*))
        if items is NULL:
            raise MemoryError()
        nodes.items = items
        nodes.capacity = cap
    nodes.items[nodes.size] = n
    nodes.size += 1
    return 0
