#include "pngfile.h"

#include <libdeflate.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

/* libdeflate's level 2, no filter. Both pages of the veldkers sample at 150 dpi, best of
 * 12 (bench/pngenc.c): level 1 29.5 ms / 476 KB, 2 20.7 / 454, 4 22.1 / 441, 6 26.5 / 421,
 * 9 108 / 406; zlib's level 3 (what libpng was given before) 28.4 ms / 480 KB. Level 2 is
 * the fastest; a national run renders a thousand editions, and 8 % more bytes than level 6
 * still leaves page 1 at about 60 % of pdftoppm's PNG. */
#define PNGFILE_LEVEL 2

/* PNG integers are big-endian. */
static void put_u32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* A chunk: length, type, data, and the CRC of type and data. */
static void put_chunk(GByteArray *out, const char type[4], const uint8_t *data, size_t len)
{
	uint8_t head[8], crc[4];
	put_u32(head, (uint32_t)len);
	memcpy(head + 4, type, 4);
	g_byte_array_append(out, head, sizeof head);
	if (len)
		g_byte_array_append(out, data, (guint)len);
	uint32_t c = libdeflate_crc32(0, type, 4);
	put_u32(crc, len ? libdeflate_crc32(c, data, len) : c);
	g_byte_array_append(out, crc, sizeof crc);
}

/* iTXt, uncompressed: keyword, NUL, flag 0, method 0, empty language tag and translated
 * keyword (each NUL-ended), then the UTF-8 text (tEXt would be Latin-1). */
static void put_text(GByteArray *out, const char *key, const char *value)
{
	GByteArray *data = g_byte_array_new();
	g_byte_array_append(data, (const guint8 *)key, (guint)strlen(key) + 1);
	static const uint8_t rest[] = {0, 0, 0, 0};
	g_byte_array_append(data, rest, sizeof rest);
	g_byte_array_append(data, (const guint8 *)value, (guint)strlen(value));
	put_chunk(out, "iTXt", data->data, data->len);
	g_byte_array_free(data, TRUE);
}

/* Turns the image's own pixel buffer into the data to deflate: each row a filter byte (0,
 * none) and its RGB bytes. cairo's RGB24 pixel is a native-endian 32-bit word 0x00RRGGBB.
 * In place, to save a second buffer of several megabytes per page: row y's bytes end at
 * (y + 1) * (3w + 1), before row y + 1's pixels begin at (y + 1) * stride (stride >= 4w),
 * so no row is overwritten before it is read; each row is copied aside first. */
static uint8_t *scanlines_in_place(cairo_surface_t *image, size_t *len)
{
	int width = cairo_image_surface_get_width(image), height = cairo_image_surface_get_height(image);
	int stride = cairo_image_surface_get_stride(image);
	uint8_t *data = cairo_image_surface_get_data(image);
	size_t row = (size_t)width * 3 + 1;
	uint32_t *pixels = g_new(uint32_t, (size_t)width);
	for (int y = 0; y < height; y++) {
		memcpy(pixels, data + (size_t)y * stride, (size_t)width * sizeof *pixels);
		uint8_t *dst = data + row * (size_t)y;
		*dst++ = 0;
		for (int x = 0; x < width; x++, dst += 3) {
			dst[0] = (uint8_t)(pixels[x] >> 16);
			dst[1] = (uint8_t)(pixels[x] >> 8);
			dst[2] = (uint8_t)pixels[x];
		}
	}
	g_free(pixels);
	*len = row * (size_t)height;
	return data;
}

/* The zlib stream of `lines`. A page compresses to a tenth or less: a buffer of a quarter
 * is tried first, the worst case only when that is not enough. NULL if both fail. */
static uint8_t *deflate_lines(const uint8_t *lines, size_t len, size_t *out_len)
{
	struct libdeflate_compressor *c = libdeflate_alloc_compressor(PNGFILE_LEVEL);
	if (!c)
		return NULL;
	size_t cap = len / 4 + 1024;
	uint8_t *z = g_malloc(cap);
	*out_len = libdeflate_zlib_compress(c, lines, len, z, cap);
	if (*out_len == 0) {
		cap = libdeflate_zlib_compress_bound(c, len);
		z = g_realloc(z, cap);
		*out_len = libdeflate_zlib_compress(c, lines, len, z, cap);
	}
	libdeflate_free_compressor(c);
	if (*out_len == 0) {
		g_free(z);
		return NULL;
	}
	return z;
}

bool pngfile_encode(cairo_surface_t *image, double dpi, const char *title, const char *author,
		    GByteArray *out, struct diag *d)
{
	cairo_surface_flush(image);
	size_t len, z_len;
	int width = cairo_image_surface_get_width(image), height = cairo_image_surface_get_height(image);
	uint8_t *lines = scanlines_in_place(image, &len);
	uint8_t *z = deflate_lines(lines, len, &z_len);
	if (!z)
		return diag_set(d, NULL, 0, 0, "the PNG encoder failed");
	static const uint8_t signature[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
	g_byte_array_append(out, signature, sizeof signature);
	uint8_t ihdr[13] = {0};
	put_u32(ihdr, (uint32_t)width);
	put_u32(ihdr + 4, (uint32_t)height);
	ihdr[8] = 8; /* bits per sample */
	ihdr[9] = 2; /* colour type: RGB; compression, filter method and interlace stay 0 */
	put_chunk(out, "IHDR", ihdr, sizeof ihdr);
	uint8_t phys[9] = {0};
	uint32_t ppm = (uint32_t)lround(dpi / 0.0254);
	put_u32(phys, ppm);
	put_u32(phys + 4, ppm);
	phys[8] = 1; /* the unit is the metre */
	put_chunk(out, "pHYs", phys, sizeof phys);
	if (title)
		put_text(out, "Title", title);
	if (author)
		put_text(out, "Author", author);
	put_chunk(out, "IDAT", z, z_len);
	put_chunk(out, "IEND", NULL, 0);
	g_free(z);
	return true;
}
