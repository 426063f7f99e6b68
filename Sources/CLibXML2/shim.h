// libxml2's HTML parser for the mail plugin (HTML mail reduced to text).
#ifndef ROOTMAIL_CLIBXML2_SHIM_H
#define ROOTMAIL_CLIBXML2_SHIM_H
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

/// Parses HTML leniently, without network access or error output. Free with xmlFreeDoc.
static inline htmlDocPtr rm_html_parse(const char *bytes, int length) {
  return htmlReadMemory(bytes, length, NULL, "UTF-8",
                        HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                            HTML_PARSE_NOBLANKS | HTML_PARSE_COMPACT);
}

static inline void rm_xml_free(void *p) { if (p) xmlFree(p); }
#endif
