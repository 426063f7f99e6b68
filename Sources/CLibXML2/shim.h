// libxml2's HTML parser for the mail plugin (HTML mail reduced to text).
#ifndef ROOTMAIL_CLIBXML2_SHIM_H
#define ROOTMAIL_CLIBXML2_SHIM_H
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
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
#endif
