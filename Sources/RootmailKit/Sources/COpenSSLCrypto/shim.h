// The part of the system's OpenSSL libcrypto (libssl-dev) that RootmailKit uses: EVP digests
// (SHA-256, SHA-1, MD5) and HMAC-SHA256.
#include <openssl/evp.h>
#include <openssl/hmac.h>
