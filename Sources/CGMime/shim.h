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

/// Parses a message from memory (the bytes are copied). NULL when nothing could be read.
static inline GMimeMessage *rm_parse_message(const void *bytes, size_t length, rm_warnings *warnings) {
  GMimeStream *stream = g_mime_stream_mem_new_with_buffer((const char *)bytes, length);
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
  case GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE: {
    GMimeEncoding state;
    g_mime_encoding_init_decode(&state, content->encoding);
    g_byte_array_set_size(out, (guint)g_mime_encoding_outlen(&state, length));
    size_t n = g_mime_encoding_step(&state, in, length, (char *)out->data);
    n += g_mime_encoding_flush(&state, in + length, 0, (char *)out->data + n);
    g_byte_array_set_size(out, (guint)n);
    return 1;
  }
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
/// The From list for display; free with g_free.
static inline char *rm_display(InternetAddressList *list) {
  return list ? internet_address_list_to_string(list, NULL, FALSE) : g_strdup("");
}

/// The Date header in seconds since 1970; 0 with *ok = 0 when absent or unreadable.
static inline long long rm_message_date(GMimeMessage *message, int *ok) {
  GDateTime *date = g_mime_message_get_date(message);
  *ok = date != NULL;
  return date ? g_date_time_to_unix(date) : 0;
}
#endif
