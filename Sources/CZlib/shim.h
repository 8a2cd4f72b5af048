// zlib for QuartierTiles: gzip streams (deflateInit2/inflateInit2 are macros Swift cannot call).
#ifndef QUARTIER_CZLIB_SHIM_H
#define QUARTIER_CZLIB_SHIM_H
#include <string.h>
#include <zlib.h>

/// Compresses `in` into a gzip member (RFC 1952, zlib `level` 1–9, mtime 0) in `out`; `*outLen` is the
/// capacity on entry and the length on return. Returns 0, or a negative zlib error.
static inline int quartier_gzip(const unsigned char *in, unsigned long inLen, unsigned char *out,
                                unsigned long *outLen, int level) {
    z_stream s;
    memset(&s, 0, sizeof s);
    if (deflateInit2(&s, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return -1;
    s.next_in = (Bytef *)in;
    s.avail_in = (uInt)inLen;
    s.next_out = out;
    s.avail_out = (uInt)*outLen;
    int r = deflate(&s, Z_FINISH);
    *outLen = s.total_out;
    deflateEnd(&s);
    return r == Z_STREAM_END ? 0 : -2;
}

/// An upper bound of the gzip size of `n` bytes.
static inline unsigned long quartier_gzip_bound(unsigned long n) { return compressBound(n) + 32; }

/// Decompresses a gzip member; returns 0, or a negative zlib error (also when `out` is too small).
static inline int quartier_gunzip(const unsigned char *in, unsigned long inLen, unsigned char *out,
                                  unsigned long *outLen) {
    z_stream s;
    memset(&s, 0, sizeof s);
    if (inflateInit2(&s, 15 + 16) != Z_OK) return -1;
    s.next_in = (Bytef *)in;
    s.avail_in = (uInt)inLen;
    s.next_out = out;
    s.avail_out = (uInt)*outLen;
    int r = inflate(&s, Z_FINISH);
    *outLen = s.total_out;
    inflateEnd(&s);
    return r == Z_STREAM_END ? 0 : -2;
}
#endif
