#ifndef FITREPORT_CCRYPTO_SHIM_H
#define FITREPORT_CCRYPTO_SHIM_H
// OpenSSL's libcrypto (apt: libssl-dev): only the EVP message digests are used, for SHA-256.
#include <openssl/evp.h>
#endif
