// The part of the system's OpenSSL libcrypto (libssl-dev) that RootmailKit uses: EVP digests
// (SHA-256, SHA-1, MD5); HMAC-SHA256 is built on SHA-256 in Digest.swift.
#include <openssl/evp.h>

