#include "qr.h"

#include <errno.h>
#include <glib.h>
#include <qrencode.h>
#include <stdint.h>

/* The bit of pixel x in its word of an A1 row: cairo packs A1 pixels into native-endian
 * 32-bit words. */
static uint32_t a1_bit(int x)
{
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
	return 1u << (x % 32);
#else
	return 1u << (31 - x % 32);
#endif
}

static uint32_t *a1_word(unsigned char *data, int stride, int x, int y)
{
	return (uint32_t *)(void *)(data + (size_t)y * (size_t)stride) + x / 32;
}

static void set_pixel(unsigned char *data, int stride, int x, int y)
{
	*a1_word(data, stride, x, y) |= a1_bit(x);
}

bool qr_is_dark(cairo_surface_t *mask, int x, int y)
{
	return *a1_word(cairo_image_surface_get_data(mask), cairo_image_surface_get_stride(mask), x, y) &
	       a1_bit(x);
}

bool qr_encode(const char *text, cairo_surface_t **out, struct diag *d)
{
	QRcode *code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!code)
		return diag_set(d, NULL, 0, 0, "cannot make a QR code of '%s': %s", text,
				g_strerror(errno));
	int side = code->width + 2 * QR_QUIET_MODULES;
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_A1, side, side);
	cairo_surface_flush(s);
	unsigned char *data = cairo_image_surface_get_data(s);
	int stride = cairo_image_surface_get_stride(s);
	for (int y = 0; y < code->width; y++)
		for (int x = 0; x < code->width; x++)
			if (code->data[y * code->width + x] & 1) /* bit 0: dark module */
				set_pixel(data, stride, x + QR_QUIET_MODULES, y + QR_QUIET_MODULES);
	cairo_surface_mark_dirty(s);
	QRcode_free(code);
	*out = s;
	return true;
}
