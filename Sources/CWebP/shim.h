#ifndef FITREPORT_CWEBP_SHIM_H
#define FITREPORT_CWEBP_SHIM_H
// libwebp (apt: libwebp-dev): WebPAnimEncoder writes the animation, WebPAnimDecoder reads it back (tests).
#include <webp/encode.h>
#include <webp/decode.h>
#include <webp/mux.h>
#include <webp/demux.h>
#endif
