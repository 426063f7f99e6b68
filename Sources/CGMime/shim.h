// GMime 3 for the mail plugin: the library's headers plus small helpers for what Swift cannot
// call directly (GObject type-check macros, casts between GMime types, decoding a part).
#ifndef ROOTMAIL_CGMIME_SHIM_H
#define ROOTMAIL_CGMIME_SHIM_H
#include <gmime/gmime.h>
#include <string.h>

/// What the parser reported while reading one message: a bit per GMimeParserWarning code.
typedef struct { unsigned long long mask; } rm_warnings;

static void rm_warning_cb(gint64 offset, GMimeParserWarning code, const gchar *item, gpointer data) {
  (void)offset; (void)item;
  rm_warnings *w = (rm_warnings *)data;
  if ((unsigned)code < 64) w->mask |= (1ULL << (unsigned)code);
}

/// Parses a message from memory, in place: the parts' contents are read from `bytes`, which
/// must stay as they are until the message has been freed; then free `*view` (the array that
/// lends them to GMime's stream) with rm_view_free. NULL when nothing could be read.
static inline GMimeMessage *rm_parse_message(const void *bytes, size_t length, rm_warnings *warnings, GByteArray **view) {
  // A GByteArray over the caller's bytes, never grown or freed with them (the stream does not
  // own it): a memory stream over a copy cost a copy of every mail.
  *view = g_byte_array_new_take((guint8 *)bytes, length);
  GMimeStream *stream = g_mime_stream_mem_new_with_byte_array(*view);
  g_mime_stream_mem_set_owner(GMIME_STREAM_MEM(stream), FALSE);
  GMimeParser *parser = g_mime_parser_new_with_stream(stream);
  g_object_unref(stream);
  g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
  GMimeParserOptions *options = g_mime_parser_options_new();
  g_mime_parser_options_set_warning_callback(options, rm_warning_cb, warnings);
  GMimeMessage *message = g_mime_parser_construct_message(parser, options);
  g_mime_parser_options_free(options);
  g_object_unref(parser);
  return message;
}

static inline void rm_unref(void *object) { if (object) g_object_unref(object); }
/// Frees what rm_parse_message lent GMime, not the bytes.
static inline void rm_view_free(GByteArray *view) { if (view) g_byte_array_free(view, FALSE); }

/// 1 a leaf part, 2 a multipart, 3 an attached message (message/rfc822), 0 anything else.
static inline int rm_kind(GMimeObject *object) {
  if (GMIME_IS_PART(object)) return 1;
  if (GMIME_IS_MULTIPART(object)) return 2;
  if (GMIME_IS_MESSAGE_PART(object)) return 3;
  return 0;
}

static inline GMimeObject *rm_message_body(GMimeMessage *message) { return g_mime_message_get_mime_part(message); }
static inline GMimeObject *rm_message_object(GMimeMessage *message) { return GMIME_OBJECT(message); }
static inline int rm_multipart_count(GMimeObject *object) { return g_mime_multipart_get_count(GMIME_MULTIPART(object)); }
static inline GMimeObject *rm_multipart_child(GMimeObject *object, int index) {
  return g_mime_multipart_get_part(GMIME_MULTIPART(object), index);
}
static inline GMimeMessage *rm_attached_message(GMimeObject *object) {
  return g_mime_message_part_get_message(GMIME_MESSAGE_PART(object));
}

/// `type/subtype` in lower case; free with g_free.
static inline char *rm_mime_type(GMimeObject *object) {
  GMimeContentType *type = g_mime_object_get_content_type(object);
  char *s = type ? g_mime_content_type_get_mime_type(type) : g_strdup("text/plain");
  char *lower = g_ascii_strdown(s, -1);
  g_free(s);
  return lower;
}

static inline const char *rm_part_filename(GMimeObject *object) { return g_mime_part_get_filename(GMIME_PART(object)); }
static inline int rm_part_is_attachment(GMimeObject *object) { return g_mime_part_is_attachment(GMIME_PART(object)); }

/// Base64 ranks as GMime's decoder has them (A–Z a–z 0–9 + /), 0xFF for every other byte.
static const unsigned char rm_base64_rank[256] = {
  255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,
  255,255,255,255,255,255,255,255,255,255,255, 62,255,255,255, 63, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61,255,255,255,255,255,255,
  255,  0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25,255,255,255,255,255,
  255, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51,255,255,255,255,255,
  255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,
  255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,
  255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,
  255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,
};

/// Ranks shifted to where a quartet's four bytes go in its 24 bits, 0x80000000 for bytes
/// outside the alphabet: a quartet is its four entries or'ed, checked with one test.
#define RM_B64_RANK(c)                                                                                   \
  ((c) >= 'A' && (c) <= 'Z'   ? (c) - 'A'                                                                \
   : (c) >= 'a' && (c) <= 'z' ? (c) - 'a' + 26                                                           \
   : (c) >= '0' && (c) <= '9' ? (c) - '0' + 52                                                           \
   : (c) == '+'               ? 62                                                                       \
   : (c) == '/'               ? 63                                                                       \
                              : -1)
#define RM_B64_SHIFTED(c, s) (RM_B64_RANK(c) < 0 ? 0x80000000u : (guint32)RM_B64_RANK(c) << (s))
#define RM_B64_ROW(s, r)                                                                                 \
  RM_B64_SHIFTED(r * 16 + 0, s), RM_B64_SHIFTED(r * 16 + 1, s), RM_B64_SHIFTED(r * 16 + 2, s),           \
      RM_B64_SHIFTED(r * 16 + 3, s), RM_B64_SHIFTED(r * 16 + 4, s), RM_B64_SHIFTED(r * 16 + 5, s),       \
      RM_B64_SHIFTED(r * 16 + 6, s), RM_B64_SHIFTED(r * 16 + 7, s), RM_B64_SHIFTED(r * 16 + 8, s),       \
      RM_B64_SHIFTED(r * 16 + 9, s), RM_B64_SHIFTED(r * 16 + 10, s), RM_B64_SHIFTED(r * 16 + 11, s),     \
      RM_B64_SHIFTED(r * 16 + 12, s), RM_B64_SHIFTED(r * 16 + 13, s), RM_B64_SHIFTED(r * 16 + 14, s),    \
      RM_B64_SHIFTED(r * 16 + 15, s)
#define RM_B64_TABLE(s)                                                                                  \
  {RM_B64_ROW(s, 0),  RM_B64_ROW(s, 1),  RM_B64_ROW(s, 2),  RM_B64_ROW(s, 3),  RM_B64_ROW(s, 4),         \
   RM_B64_ROW(s, 5),  RM_B64_ROW(s, 6),  RM_B64_ROW(s, 7),  RM_B64_ROW(s, 8),  RM_B64_ROW(s, 9),         \
   RM_B64_ROW(s, 10), RM_B64_ROW(s, 11), RM_B64_ROW(s, 12), RM_B64_ROW(s, 13), RM_B64_ROW(s, 14),        \
   RM_B64_ROW(s, 15)}
static const guint32 rm_base64_s18[256] = RM_B64_TABLE(18);
static const guint32 rm_base64_s12[256] = RM_B64_TABLE(12);
static const guint32 rm_base64_s6[256] = RM_B64_TABLE(6);
static const guint32 rm_base64_s0[256] = RM_B64_TABLE(0);

/// A whole base64 body decoded into `out` (room for `length` bytes at least), byte for byte
/// as one g_mime_encoding_base64_decode_step from a fresh state followed by its flush: bytes
/// outside the alphabet skipped, the data ending at the first `=`. Eight (then four) alphabet
/// bytes in a row (the bulk of every line) are decoded at once, not one by one. Returns the
/// bytes written.
static inline size_t rm_base64_decode(const unsigned char *in, size_t length, unsigned char *out) {
  const unsigned char *end = in + length;
  unsigned char *o = out;
  unsigned int saved = 0;
  int n = 0;
  while (in < end) {
    if (n == 0) {
      // Eight alphabet bytes in a row: six bytes, written as one eight-byte store (the two
      // after them are written over next or cut off: `out` has room for `length` bytes and
      // 3/4 of what is read, plus 8, never passes that).
      while (end - in >= 8) {
        guint32 v = rm_base64_s18[in[0]] | rm_base64_s12[in[1]] | rm_base64_s6[in[2]] | rm_base64_s0[in[3]];
        guint32 w = rm_base64_s18[in[4]] | rm_base64_s12[in[5]] | rm_base64_s6[in[6]] | rm_base64_s0[in[7]];
        if ((v | w) & 0x80000000u) break;
        guint64 x = GUINT64_TO_BE(((guint64)v << 40) | ((guint64)w << 16));
        memcpy(o, &x, 8);
        o += 6;
        in += 8;
      }
      while (end - in >= 4) {
        guint32 v = rm_base64_s18[in[0]] | rm_base64_s12[in[1]] | rm_base64_s6[in[2]] | rm_base64_s0[in[3]];
        if (v & 0x80000000u) break;
        o[0] = (unsigned char)(v >> 16);
        o[1] = (unsigned char)(v >> 8);
        o[2] = (unsigned char)v;
        o += 3;
        in += 4;
      }
      if (in >= end) break;
    }
    unsigned char c = *in++;
    unsigned char rank = rm_base64_rank[c];
    if (rank != 0xFF) {
      saved = (saved << 6) | rank;
      if (++n == 4) {
        *o++ = (unsigned char)(saved >> 16);
        *o++ = (unsigned char)(saved >> 8);
        *o++ = (unsigned char)saved;
        saved = 0;
        n = 0;
      }
    } else if (c == '=') {
      // The end of the data: a partial quartet of 2 or 3 is written out, as GMime does.
      if (n > 1) {
        saved <<= 6 * (4 - n);
        *o++ = (unsigned char)(saved >> 16);
        if (n > 2) *o++ = (unsigned char)(saved >> 8);
      }
      break;
    }
  }
  return (size_t)(o - out);
}

/// The value of a hexadecimal digit (either case, as isxdigit in the C locale), -1 for any other byte.
static inline int rm_hex_value(unsigned char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c |= 0x20;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

/// A whole quoted-printable body decoded into `out` (room for `length` bytes at least), byte
/// for byte as one g_mime_encoding_quoted_decode_step from a fresh state followed by its
/// flush: `=` and two hex digits a byte, `=` before LF or CRLF a soft break, any other `=`
/// kept with the two bytes after it, an `=` with fewer than two bytes after it at the end
/// lost. The runs between `=` are copied whole (memchr, memcpy), not byte by byte. Returns
/// the bytes written.
static inline size_t rm_qp_decode(const unsigned char *in, size_t length, unsigned char *out) {
  const unsigned char *end = in + length;
  unsigned char *o = out;
  while (in < end) {
    const unsigned char *equals = (const unsigned char *)memchr(in, '=', (size_t)(end - in));
    size_t run = (size_t)((equals ? equals : end) - in);
    memcpy(o, in, run);
    o += run;
    if (!equals) break;
    in = equals + 1;
    if (in >= end) break;
    unsigned char first = *in++;
    if (first == '\n') continue;
    if (in >= end) break;
    unsigned char second = *in++;
    int high = rm_hex_value(first), low = rm_hex_value(second);
    if (high >= 0 && low >= 0) {
      *o++ = (unsigned char)((high << 4) | low);
    } else if (!(second == '\n' && first == '\r')) {
      *o++ = '=';
      *o++ = first;
      *o++ = second;
    }
  }
  return (size_t)(o - out);
}

/// `content` with its transfer encoding undone into `out`, read where the parser left it (the
/// message's own buffer: the parser's streams are memory streams) and decoded in one step, as
/// `g_mime_data_wrapper_write_to_stream` would through a stream and a filter made per part
/// (GObjects whose making and freeing cost more than the decoding). 0 when the content is in
/// another kind of stream or encoding (uuencode: its filter looks for the `begin` line), and
/// nothing was written.
static inline int rm_decode_in_place(GMimeDataWrapper *content, GByteArray *out) {
  GMimeStream *stream = content->stream;
  if (!stream || !GMIME_IS_STREAM_MEM(stream)) return 0;
  GByteArray *buffer = GMIME_STREAM_MEM(stream)->buffer;
  if (!buffer) return 0;
  gint64 end = stream->bound_end == -1 ? (gint64)buffer->len : stream->bound_end;
  gint64 start = stream->bound_start;
  if (start < 0 || end > (gint64)buffer->len || start > end) return 0;
  const char *in = (const char *)buffer->data + start;
  size_t length = (size_t)(end - start);
  switch (content->encoding) {
  case GMIME_CONTENT_ENCODING_BASE64:
    g_byte_array_set_size(out, (guint)length);
    g_byte_array_set_size(out, (guint)rm_base64_decode((const unsigned char *)in, length, out->data));
    return 1;
  case GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE:
    g_byte_array_set_size(out, (guint)length);
    g_byte_array_set_size(out, (guint)rm_qp_decode((const unsigned char *)in, length, out->data));
    return 1;
  case GMIME_CONTENT_ENCODING_UUENCODE: return 0;
  default:
    g_byte_array_append(out, (const guint8 *)in, (guint)length);
    return 1;
  }
}

/// Result of decoding a part: 1 when the declared charset was unknown (bytes left as they were).
typedef struct { GByteArray *bytes; int unknown_charset; } rm_decoded;

/// The part's content with its transfer encoding undone (base64, quoted-printable, uuencode),
/// and text converted from its declared charset to UTF-8 when `to_utf8`. Free with g_byte_array_free.
static inline rm_decoded rm_part_decode(GMimeObject *object, int to_utf8) {
  rm_decoded result = { g_byte_array_new(), 0 };
  GMimeDataWrapper *content = g_mime_part_get_content(GMIME_PART(object));
  if (!content) return result;
  const char *charset = to_utf8 ? g_mime_object_get_content_type_parameter(object, "charset") : NULL;
  int convert = charset && g_ascii_strcasecmp(charset, "utf-8") != 0 && g_ascii_strcasecmp(charset, "us-ascii") != 0;
  if (!convert && rm_decode_in_place(content, result.bytes)) return result;
  // ISO-8859-1 is the first 256 code points: each byte above 0x7F becomes two in UTF-8, what
  // GMime's charset filter (iconv through a stream per part) makes of it, byte for byte.
  if (convert && g_ascii_strcasecmp(charset, "iso-8859-1") == 0 && rm_decode_in_place(content, result.bytes)) {
    guint n = result.bytes->len, high = 0;
    for (guint i = 0; i < n; i++) high += result.bytes->data[i] >> 7;
    if (high == 0) return result;
    g_byte_array_set_size(result.bytes, n + high);
    guint8 *d = result.bytes->data;
    for (guint from = n, to = n + high; from > 0;) {
      guint8 c = d[--from];
      if (c < 0x80) {
        d[--to] = c;
      } else {
        d[--to] = (guint8)(0x80 | (c & 0x3F));
        d[--to] = (guint8)(0xC0 | (c >> 6));
      }
    }
    return result;
  }
  GMimeStream *memory = g_mime_stream_mem_new_with_byte_array(result.bytes);
  g_mime_stream_mem_set_owner(GMIME_STREAM_MEM(memory), FALSE);
  GMimeStream *target = memory;
  GMimeStream *filtered = NULL;
  if (convert) {
    GMimeFilter *filter = g_mime_filter_charset_new(charset, "UTF-8");
    if (filter) {
      filtered = g_mime_stream_filter_new(memory);
      g_mime_stream_filter_add(GMIME_STREAM_FILTER(filtered), filter);
      g_object_unref(filter);
      target = filtered;
    } else {
      result.unknown_charset = 1;
    }
  }
  g_mime_data_wrapper_write_to_stream(content, target);
  g_mime_stream_flush(target);
  if (filtered) g_object_unref(filtered);
  g_object_unref(memory);
  return result;
}

/// An object written back as MIME (an attached message as it was sent). Free with g_byte_array_free.
static inline GByteArray *rm_object_bytes(GMimeObject *object) {
  GByteArray *bytes = g_byte_array_new();
  GMimeStream *memory = g_mime_stream_mem_new_with_byte_array(bytes);
  g_mime_stream_mem_set_owner(GMIME_STREAM_MEM(memory), FALSE);
  g_mime_object_write_to_stream(object, NULL, memory);
  g_object_unref(memory);
  return bytes;
}

static inline int rm_header_count(GMimeObject *object) {
  return g_mime_header_list_get_count(g_mime_object_get_header_list(object));
}
static inline GMimeHeader *rm_header_at(GMimeObject *object, int index) {
  return g_mime_header_list_get_header_at(g_mime_object_get_header_list(object), index);
}

/// The addr-specs of an address list (groups flattened), one per line; free with g_free.
static inline void rm_append_addresses(InternetAddressList *list, GString *out) {
  if (!list) return;
  int n = internet_address_list_length(list);
  for (int i = 0; i < n; i++) {
    InternetAddress *a = internet_address_list_get_address(list, i);
    if (INTERNET_ADDRESS_IS_MAILBOX(a)) {
      const char *addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(a));
      if (addr && *addr) { g_string_append(out, addr); g_string_append_c(out, '\n'); }
    } else if (INTERNET_ADDRESS_IS_GROUP(a)) {
      rm_append_addresses(internet_address_group_get_members(INTERNET_ADDRESS_GROUP(a)), out);
    }
  }
}
static inline char *rm_addresses(InternetAddressList *list) {
  GString *out = g_string_new("");
  rm_append_addresses(list, out);
  return g_string_free(out, FALSE);
}
/// Addresses parsed from a header value (Delivered-To), one per line; free with g_free.
static inline char *rm_parse_addresses(const char *value) {
  InternetAddressList *list = internet_address_list_parse(NULL, value);
  char *s = rm_addresses(list);
  if (list) g_object_unref(list);
  return s;
}
/// Sets the address GMime shows for each mailbox of `list` whose domain is ASCII with no
/// `xn--` in it to the address itself, which is what GMime would show: it asks libidn2 for the
/// domain's ASCII form and keeps the domain unless that differs other than in case, and for
/// such a domain libidn2 either fails or gives it back (checked on millions of random ASCII
/// domains). That asking was most of the time of formatting a From field.
static inline void rm_preset_ascii_addresses(InternetAddressList *list) {
  int n = internet_address_list_length(list);
  for (int i = 0; i < n; i++) {
    InternetAddress *a = internet_address_list_get_address(list, i);
    if (INTERNET_ADDRESS_IS_GROUP(a)) {
      InternetAddressList *members = internet_address_group_get_members(INTERNET_ADDRESS_GROUP(a));
      if (members) rm_preset_ascii_addresses(members);
      continue;
    }
    if (!INTERNET_ADDRESS_IS_MAILBOX(a)) continue;
    InternetAddressMailbox *mailbox = INTERNET_ADDRESS_MAILBOX(a);
    if (mailbox->idn_addr || !mailbox->addr || mailbox->at <= 0) continue;
    const char *domain = mailbox->addr + mailbox->at + 1;
    int plain = 1;
    for (const char *p = domain; *p; p++) {
      if ((unsigned char)*p >= 0x80 ||
          ((p[0] == 'x' || p[0] == 'X') && (p[1] == 'n' || p[1] == 'N') && p[2] == '-' && p[3] == '-')) {
        plain = 0;
        break;
      }
    }
    if (plain) mailbox->idn_addr = g_strdup(mailbox->addr);
  }
}

/// The From list for display; free with g_free.
static inline char *rm_display(InternetAddressList *list) {
  if (!list) return g_strdup("");
  rm_preset_ascii_addresses(list);
  return internet_address_list_to_string(list, NULL, FALSE);
}

/// The Date header in seconds since 1970; 0 with *ok = 0 when absent or unreadable.
static inline long long rm_message_date(GMimeMessage *message, int *ok) {
  GDateTime *date = g_mime_message_get_date(message);
  *ok = date != NULL;
  return date ? g_date_time_to_unix(date) : 0;
}
#endif
