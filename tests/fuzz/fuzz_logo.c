/* libFuzzer harness: a logo (logo_load reads it by path; the kind comes from the bytes),
 * then drawn once into a small image, as an edition draws it. */
#include <cairo.h>
#include <glib.h>
#include <stddef.h>
#include <stdint.h>

#include "fuzz_common.h"
#include "logo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *path = fuzz_write("logo", data, size);
	struct logo *l = NULL;
	struct diag d = {0};
	if (logo_load(path, &l, &d)) {
		cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 32, 32);
		cairo_t *cr = cairo_create(s);
		double aspect = logo_aspect(l);
		/* A box of the logo's shape inside 32 x 32, as the footer fits it to a height. */
		if (aspect >= 1.0)
			logo_draw(l, cr, 0, 0, 32, 32 / aspect);
		else
			logo_draw(l, cr, 0, 0, 32 * aspect, 32);
		cairo_destroy(cr);
		cairo_surface_destroy(s);
		logo_destroy(l);
	}
	diag_finish(&d);
	g_free(path);
	return 0;
}
