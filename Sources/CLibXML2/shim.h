// libxml2's HTML parser for the mail plugin (HTML mail reduced to text).
#ifndef ROOTMAIL_CLIBXML2_SHIM_H
#define ROOTMAIL_CLIBXML2_SHIM_H
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/parserInternals.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/// Parses HTML leniently, without network access or error output. Free with xmlFreeDoc.
/// *too_deep is set to 1 when elements nested past libxml2's depth limit (256) made it stop
/// reading there: what follows is missing from the document.
static inline htmlDocPtr rm_html_parse(const char *bytes, int length, int *too_deep) {
  *too_deep = 0;
  htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
  if (!ctxt) return NULL;
  htmlDocPtr doc = htmlCtxtReadMemory(ctxt, bytes, length, NULL, "UTF-8",
                                      HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                          HTML_PARSE_NONET | HTML_PARSE_NOBLANKS | HTML_PARSE_COMPACT);
  xmlErrorPtr error = xmlCtxtGetLastError(ctxt);
  if (error && error->message && strstr(error->message, "Excessive depth")) *too_deep = 1;
  htmlFreeParserCtxt(ctxt);
  return doc;
}

static inline void rm_xml_free(void *p) { if (p) xmlFree(p); }

// HTML read without building libxml2's tree: the parser's SAX events written to a log that
// `HTMLText` replays as it walked the tree, which made up a fifth of reading an HTML mail
// (a node per element, attribute and text run, each allocated and freed). The log holds what
// the tree would have held, in document order:
//   'S' <u32 n> <name, n bytes> NUL <u8 has href> [<u32 n> <href> NUL] <u8 has alt> [<u32 n> <alt> NUL]
//   'E'                                  the element opened last is closed
//   'T' <u32 n> <n bytes> NUL            a text node (or CDATA section): runs merged as the tree merges them
// The tree's parts the parser itself reads are kept as the tree builder (SAX2.c) keeps them:
// the node stack (nodePush, whose depth limit stops the parse as before; nodePop), and for
// the current element the last child that is not a comment, which decides whether white space
// is dropped (areBlanks in HTMLparser.c). Those nodes are stand-ins from an arena, never in a
// document. Each step below names the SAX2.c code it stands in for.

/// The log and the stand-in nodes of one parse.
typedef struct rm_html_log_chunk {
  struct rm_html_log_chunk *next;
  size_t used;
  xmlNode nodes[128];
} rm_html_log_chunk;

typedef struct {
  unsigned char *bytes;
  size_t length, capacity;
  /// Where the length of the text record still open is (it grows while the tree would merge).
  size_t open_text;
  int has_open_text;
  /// Elements opened and not yet closed in the log: ctxt->nodeNr as the log last saw it.
  int depth;
  int failed;
  rm_html_log_chunk *chunks;
  /// Stand-ins for a text node and a CDATA section as an element's last child.
  xmlNode text_child, cdata_child;
} rm_html_log;

static int rm_log_reserve(rm_html_log *log, size_t more) {
  if (log->failed) return 0;
  if (log->length + more <= log->capacity) return 1;
  size_t capacity = log->capacity ? log->capacity : 4096;
  while (capacity < log->length + more) {
    if (capacity > ((size_t)-1) / 2) {
      log->failed = 1;
      return 0;
    }
    capacity *= 2;
  }
  unsigned char *grown = (unsigned char *)realloc(log->bytes, capacity);
  if (!grown) {
    log->failed = 1;
    return 0;
  }
  log->bytes = grown;
  log->capacity = capacity;
  return 1;
}

static void rm_log_u32(rm_html_log *log, uint32_t value) {
  memcpy(log->bytes + log->length, &value, 4);
  log->length += 4;
}

/// A string record part: length, bytes, NUL.
static void rm_log_string(rm_html_log *log, const xmlChar *s, size_t n) {
  rm_log_u32(log, (uint32_t)n);
  if (n) memcpy(log->bytes + log->length, s, n);
  log->length += n;
  log->bytes[log->length++] = 0;
}

static xmlNodePtr rm_log_node(rm_html_log *log) {
  if (!log->chunks || log->chunks->used == sizeof log->chunks->nodes / sizeof log->chunks->nodes[0]) {
    rm_html_log_chunk *chunk = (rm_html_log_chunk *)malloc(sizeof(rm_html_log_chunk));
    if (!chunk) {
      log->failed = 1;
      return NULL;
    }
    chunk->next = log->chunks;
    chunk->used = 0;
    log->chunks = chunk;
  }
  xmlNodePtr node = &log->chunks->nodes[log->chunks->used++];
  memset(node, 0, sizeof *node);
  return node;
}

/// The elements the parser closed without an end event (nodePop of a start tag without `>`):
/// closed in the log before anything else happens, where the tree walk left them.
static void rm_log_sync(xmlParserCtxtPtr ctxt, rm_html_log *log) {
  while (log->depth > ctxt->nodeNr) {
    if (rm_log_reserve(log, 1)) log->bytes[log->length++] = 'E';
    log->has_open_text = 0;
    log->depth--;
  }
}

/// The attribute `name` of a start tag (xmlGetProp of the tree's node: the first with that
/// name, "" when it has no value).
static const xmlChar *rm_log_attribute(const xmlChar **atts, const char *name, int *found) {
  *found = 0;
  if (!atts) return NULL;
  for (int i = 0; atts[i]; i += 2) {
    if (xmlStrEqual(atts[i], (const xmlChar *)name)) {
      *found = 1;
      return atts[i + 1] ? atts[i + 1] : (const xmlChar *)"";
    }
  }
  return NULL;
}

/// xmlSAX2StartElement: the element's name without a prefix (xmlSplitQName: `o:p` is `p`),
/// pushed on the node stack (a parse nested too deep stops here, as it did), made the last
/// child of its parent.
static void rm_log_start(void *context, const xmlChar *fullname, const xmlChar **atts) {
  xmlParserCtxtPtr ctxt = (xmlParserCtxtPtr)context;
  rm_html_log *log = (rm_html_log *)ctxt->_private;
  rm_log_sync(ctxt, log);
  if (!fullname || !ctxt->myDoc) return;
  const xmlChar *name = fullname;
  if (fullname[0] != ':') {
    const xmlChar *colon = (const xmlChar *)strchr((const char *)fullname, ':');
    if (colon && colon[1] != 0) name = colon + 1;
  }
  xmlNodePtr parent = ctxt->node;
  xmlNodePtr node = rm_log_node(log);
  if (!node) return;
  node->type = XML_ELEMENT_NODE;
  node->name = name;
  if (nodePush(ctxt, node) < 0) return;
  if (parent && parent->type == XML_ELEMENT_NODE) parent->last = node;
  log->has_open_text = 0;
  log->depth = ctxt->nodeNr;
  int has_href, has_alt;
  const xmlChar *href = rm_log_attribute(atts, "href", &has_href);
  const xmlChar *alt = rm_log_attribute(atts, "alt", &has_alt);
  size_t name_length = strlen((const char *)name);
  size_t href_length = has_href ? strlen((const char *)href) : 0;
  size_t alt_length = has_alt ? strlen((const char *)alt) : 0;
  if (!rm_log_reserve(log, 1 + 5 + name_length + 1 + 5 + href_length + 1 + 5 + alt_length)) return;
  log->bytes[log->length++] = 'S';
  rm_log_string(log, name, name_length);
  log->bytes[log->length++] = (unsigned char)has_href;
  if (has_href) rm_log_string(log, href, href_length);
  log->bytes[log->length++] = (unsigned char)has_alt;
  if (has_alt) rm_log_string(log, alt, alt_length);
}

/// xmlSAX2EndElement: the node stack popped, whatever the name.
static void rm_log_end(void *context, const xmlChar *name) {
  (void)name;
  xmlParserCtxtPtr ctxt = (xmlParserCtxtPtr)context;
  rm_html_log *log = (rm_html_log *)ctxt->_private;
  rm_log_sync(ctxt, log);
  nodePop(ctxt);
  rm_log_sync(ctxt, log);
}

/// xmlSAX2Text: dropped outside any element; merged into the element's last child when that
/// is text of the same kind (then, past XML_MAX_TEXT_LENGTH, the parse stops as
/// xmlSAX2ErrMemory stops it); else a new text node, the element's last child.
static void rm_log_text(xmlParserCtxtPtr ctxt, const xmlChar *ch, int len, xmlNodePtr kind) {
  rm_html_log *log = (rm_html_log *)ctxt->_private;
  rm_log_sync(ctxt, log);
  if (!ctxt->node || len < 0) return;
  if (ctxt->node->last == kind && log->has_open_text) {
    uint32_t so_far;
    memcpy(&so_far, log->bytes + log->open_text, 4);
    if ((size_t)so_far + (size_t)len > XML_MAX_TEXT_LENGTH && (ctxt->options & XML_PARSE_HUGE) == 0) {
      ctxt->errNo = XML_ERR_NO_MEMORY;
      ctxt->instate = XML_PARSER_EOF;
      ctxt->disableSAX = 1;
      return;
    }
    if (!rm_log_reserve(log, (size_t)len)) return;
    log->length--; // the NUL
    memcpy(log->bytes + log->length, ch, (size_t)len);
    log->length += (size_t)len;
    log->bytes[log->length++] = 0;
    so_far += (uint32_t)len;
    memcpy(log->bytes + log->open_text, &so_far, 4);
    return;
  }
  if (!rm_log_reserve(log, 1 + 4 + (size_t)len + 1)) return;
  log->bytes[log->length++] = 'T';
  log->open_text = log->length;
  log->has_open_text = 1;
  rm_log_string(log, ch, (size_t)len);
  ctxt->node->last = kind;
}

static void rm_log_characters(void *context, const xmlChar *ch, int len) {
  xmlParserCtxtPtr ctxt = (xmlParserCtxtPtr)context;
  rm_log_text(ctxt, ch, len, &((rm_html_log *)ctxt->_private)->text_child);
}

static void rm_log_cdata(void *context, const xmlChar *ch, int len) {
  xmlParserCtxtPtr ctxt = (xmlParserCtxtPtr)context;
  rm_log_text(ctxt, ch, len, &((rm_html_log *)ctxt->_private)->cdata_child);
}

/// A comment's or processing instruction's node of `type`, made the open element's last child
/// (NULL outside an element, or when the log is full).
static xmlNodePtr rm_log_leaf(xmlParserCtxtPtr ctxt, xmlElementType type) {
  rm_html_log *log = (rm_html_log *)ctxt->_private;
  rm_log_sync(ctxt, log);
  if (!ctxt->node || ctxt->node->type != XML_ELEMENT_NODE) return NULL;
  xmlNodePtr node = rm_log_node(log);
  if (!node) return NULL;
  node->type = type;
  log->has_open_text = 0;
  return node;
}

/// xmlSAX2Comment: the element's last child, passed over by areBlanks (it looks behind it).
static void rm_log_comment(void *context, const xmlChar *value) {
  (void)value;
  xmlParserCtxtPtr ctxt = (xmlParserCtxtPtr)context;
  xmlNodePtr node = rm_log_leaf(ctxt, XML_COMMENT_NODE);
  if (!node) return;
  node->prev = ctxt->node->last;
  ctxt->node->last = node;
}

/// xmlSAX2ProcessingInstruction: the element's last child, named by its target.
static void rm_log_pi(void *context, const xmlChar *target, const xmlChar *data) {
  (void)data;
  xmlParserCtxtPtr ctxt = (xmlParserCtxtPtr)context;
  xmlNodePtr node = rm_log_leaf(ctxt, XML_PI_NODE);
  if (!node) return;
  node->name = target;
  ctxt->node->last = node;
}

/// Parses HTML as rm_html_parse does, into `*log` (free with rm_html_log_free) instead of a
/// document; 0 when it could not be read at all (no document either), 1 otherwise.
/// *too_deep as rm_html_parse sets it.
static inline int rm_html_read(const char *bytes, int length, int *too_deep, rm_html_log *log) {
  *too_deep = 0;
  memset(log, 0, sizeof *log);
  log->text_child.type = XML_TEXT_NODE;
  log->text_child.name = xmlStringText;
  log->cdata_child.type = XML_CDATA_SECTION_NODE;
  htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
  if (!ctxt) return 0;
  ctxt->_private = log;
  ctxt->sax->startElement = rm_log_start;
  ctxt->sax->endElement = rm_log_end;
  ctxt->sax->characters = rm_log_characters;
  ctxt->sax->cdataBlock = rm_log_cdata;
  ctxt->sax->comment = rm_log_comment;
  ctxt->sax->processingInstruction = rm_log_pi;
  htmlDocPtr doc = htmlCtxtReadMemory(ctxt, bytes, length, NULL, "UTF-8",
                                      HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                          HTML_PARSE_NONET | HTML_PARSE_NOBLANKS | HTML_PARSE_COMPACT);
  xmlErrorPtr error = xmlCtxtGetLastError(ctxt);
  if (error && error->message && strstr(error->message, "Excessive depth")) *too_deep = 1;
  // What the tree walk closed at the end: every element still open.
  ctxt->nodeNr = 0;
  rm_log_sync(ctxt, log);
  htmlFreeParserCtxt(ctxt);
  if (!doc) return 0;
  xmlFreeDoc(doc);
  return 1;
}

static inline void rm_html_log_free(rm_html_log *log) {
  free(log->bytes);
  while (log->chunks) {
    rm_html_log_chunk *next = log->chunks->next;
    free(log->chunks);
    log->chunks = next;
  }
}
#endif
