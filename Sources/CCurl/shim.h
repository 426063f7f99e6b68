// libcurl (libcurl4-openssl-dev) for libRootmailHTTP.so. curl_easy_setopt, curl_easy_getinfo
// and curl_multi_setopt are C variadic functions, which Swift cannot call: these typed inline
// wrappers call them with each argument type libcurl documents.
#include <curl/curl.h>

typedef size_t (*rootmail_curl_data_callback)(char *, size_t, size_t, void *);

static inline CURLcode rootmail_curl_setopt_long(CURL *handle, CURLoption option, long value) {
  return curl_easy_setopt(handle, option, value);
}
static inline CURLcode rootmail_curl_setopt_offset(CURL *handle, CURLoption option, curl_off_t value) {
  return curl_easy_setopt(handle, option, value);
}
static inline CURLcode rootmail_curl_setopt_pointer(CURL *handle, CURLoption option, const void *value) {
  return curl_easy_setopt(handle, option, value);
}
static inline CURLcode rootmail_curl_setopt_callback(CURL *handle, CURLoption option, rootmail_curl_data_callback value) {
  return curl_easy_setopt(handle, option, value);
}
static inline CURLcode rootmail_curl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
  return curl_easy_getinfo(handle, info, value);
}
static inline CURLcode rootmail_curl_getinfo_double(CURL *handle, CURLINFO info, double *value) {
  return curl_easy_getinfo(handle, info, value);
}
static inline CURLcode rootmail_curl_getinfo_pointer(CURL *handle, CURLINFO info, void **value) {
  return curl_easy_getinfo(handle, info, value);
}
static inline CURLMcode rootmail_curl_multi_setopt_long(CURLM *multi, CURLMoption option, long value) {
  return curl_multi_setopt(multi, option, value);
}
static inline CURLSHcode rootmail_curl_share_setopt_long(CURLSH *share, CURLSHoption option, long value) {
  return curl_share_setopt(share, option, value);
}
static inline CURLcode rootmail_curl_setopt_xferinfo(CURL *handle, CURLoption option, curl_xferinfo_callback value) {
  return curl_easy_setopt(handle, option, value);
}
static inline CURLcode rootmail_curl_getinfo_offset(CURL *handle, CURLINFO info, curl_off_t *value) {
  return curl_easy_getinfo(handle, info, value);
}
