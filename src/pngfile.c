#include "pngfile.h"

#include <math.h>
#include <png.h>
#include <stdint.h>

/* zlib level 3 with no filter: measured here, about 4 times faster than cairo's writer for
 * the same pixels, and smaller. */
#define PNGFILE_ZLIB_LEVEL 3

static void write_bytes(png_structp png, png_bytep data, png_size_t len)
{
	g_byte_array_append(png_get_io_ptr(png), data, (guint)len);
}

static void flush_nothing(png_structp png)
{
	(void)png;
}

static void set_text(png_structp png, png_infop info, const char *title, const char *author)
{
	png_text text[2] = {0};
	int n = 0;
	const char *keys[] = {"Title", "Author"}, *values[] = {title, author};
	for (int i = 0; i < 2; i++) {
		if (!values[i])
			continue;
		/* iTXt: UTF-8 (tEXt would be Latin-1). */
		text[n].compression = PNG_ITXT_COMPRESSION_NONE;
		text[n].key = (png_charp)keys[i];
		text[n].text = (png_charp)values[i];
		text[n].lang = (png_charp) "";
		text[n].lang_key = (png_charp) "";
		n++;
	}
	png_set_text(png, info, text, n);
}

/* cairo's RGB24 pixel is a native-endian 32-bit word 0x00RRGGBB. */
static void unpack_row(const uint32_t *src, png_bytep dst, int width)
{
	for (int x = 0; x < width; x++) {
		dst[3 * x] = (png_byte)(src[x] >> 16);
		dst[3 * x + 1] = (png_byte)(src[x] >> 8);
		dst[3 * x + 2] = (png_byte)src[x];
	}
}

static void write_image(png_structp png, png_infop info, cairo_surface_t *image, double dpi,
			const char *title, const char *author, png_bytep row)
{
	int width = cairo_image_surface_get_width(image), height = cairo_image_surface_get_height(image);
	int stride = cairo_image_surface_get_stride(image);
	const unsigned char *data = cairo_image_surface_get_data(image);
	png_set_IHDR(png, info, (png_uint_32)width, (png_uint_32)height, 8, PNG_COLOR_TYPE_RGB,
		     PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_uint_32 ppm = (png_uint_32)lround(dpi / 0.0254);
	png_set_pHYs(png, info, ppm, ppm, PNG_RESOLUTION_METER);
	set_text(png, info, title, author);
	png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
	png_set_compression_level(png, PNGFILE_ZLIB_LEVEL);
	png_write_info(png, info);
	for (int y = 0; y < height; y++) {
		unpack_row((const uint32_t *)(data + (size_t)y * stride), row, width);
		png_write_row(png, row);
	}
	png_write_end(png, info);
}

bool pngfile_encode(cairo_surface_t *image, double dpi, const char *title, const char *author,
		    GByteArray *out, struct diag *d)
{
	cairo_surface_flush(image);
	png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	png_infop info = png ? png_create_info_struct(png) : NULL;
	if (!info) {
		png_destroy_write_struct(&png, NULL);
		return diag_set(d, NULL, 0, 0, "cannot start the PNG encoder");
	}
	/* libpng reports errors by longjmp: the row buffer is allocated before the jump
	 * target, so both ways out free it. */
	png_bytep volatile row = g_malloc((size_t)cairo_image_surface_get_width(image) * 3);
	if (setjmp(png_jmpbuf(png))) {
		g_free(row);
		png_destroy_write_struct(&png, &info);
		return diag_set(d, NULL, 0, 0, "the PNG encoder failed");
	}
	png_set_write_fn(png, out, write_bytes, flush_nothing);
	write_image(png, info, image, dpi, title, author, row);
	g_free(row);
	png_destroy_write_struct(&png, &info);
	return true;
}
