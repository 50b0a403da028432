/* pngenc: how long each deflate level takes on real pages, to choose src/pngfile.c's level.
 * Reads PNGs written by tipsheet (8-bit RGB), rebuilds the filtered scanlines tipsheet
 * deflates (filter byte 0 and the row), and compresses all of them with zlib's level 3 and
 * libdeflate's levels 1-9: the best of 12 rounds, and the compressed bytes.
 *
 *   cc -O2 bench/pngenc.c -o pngenc -lpng -ldeflate -lz
 *   ./pngenc output/veldkers/tips-zij-instromers-veldkers-1.png \
 *            output/veldkers/tips-zij-instromers-veldkers-2.png
 */
#include <libdeflate.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <zlib.h>

#define ROUNDS 12

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* The scanlines of an 8-bit RGB PNG with filter byte 0, as tipsheet deflates them. */
static unsigned char *scanlines(const char *file, size_t *len)
{
	FILE *f = fopen(file, "rb");
	if (!f)
		return NULL;
	png_structp p = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	png_infop info = png_create_info_struct(p);
	if (setjmp(png_jmpbuf(p))) {
		fclose(f);
		return NULL;
	}
	png_init_io(p, f);
	png_read_info(p, info);
	size_t w = png_get_image_width(p, info), h = png_get_image_height(p, info);
	size_t row = w * 3 + 1;
	unsigned char *lines = malloc(row * h);
	for (size_t y = 0; y < h; y++) {
		lines[y * row] = 0;
		png_read_row(p, lines + y * row + 1, NULL);
	}
	png_destroy_read_struct(&p, &info, NULL);
	fclose(f);
	*len = row * h;
	return lines;
}

int main(int argc, char **argv)
{
	int n = argc - 1;
	unsigned char **in = calloc((size_t)n, sizeof *in);
	size_t *len = calloc((size_t)n, sizeof *len), most = 0;
	for (int i = 0; i < n; i++) {
		if (!(in[i] = scanlines(argv[i + 1], &len[i]))) {
			fprintf(stderr, "pngenc: cannot read %s\n", argv[i + 1]);
			return 1;
		}
		most = len[i] > most ? len[i] : most;
	}
	unsigned char *out = malloc(most * 2 + 1024);
	for (int level = 0; level <= 9; level++) { /* 0: zlib's level 3 */
		double best = 1e30;
		size_t bytes = 0;
		struct libdeflate_compressor *c = level ? libdeflate_alloc_compressor(level) : NULL;
		for (int r = 0; r < ROUNDS; r++) {
			double t = now_ms();
			bytes = 0;
			for (int i = 0; i < n; i++) {
				if (c) {
					bytes += libdeflate_zlib_compress(c, in[i], len[i], out, most * 2);
				} else {
					uLongf z = most * 2;
					compress2(out, &z, in[i], len[i], 3);
					bytes += z;
				}
			}
			double d = now_ms() - t;
			best = d < best ? d : best;
		}
		if (c)
			libdeflate_free_compressor(c);
		if (level)
			printf("libdeflate %d  %6.1f ms  %8zu bytes\n", level, best, bytes);
		else
			printf("zlib 3        %6.1f ms  %8zu bytes\n", best, bytes);
	}
	return 0;
}
