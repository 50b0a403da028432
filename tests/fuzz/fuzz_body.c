/* libFuzzer harness: a body file (body_load reads it by path and takes the slug from its
 * name, so the input is written to fuzz.yaml in a private temporary folder). The sample
 * logos sit in logos/ beside it, so that an input naming one reaches the logo loader. */
#include <glib.h>
#include <stddef.h>
#include <stdint.h>

#include "body.h"
#include "fuzz_common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	static const char *const logos[] = {"duinhaven.svg", "veldkers.svg", "zandloper.png",
	                                    "zandloper.svg"};
	for (size_t i = 0; i < G_N_ELEMENTS(logos); i++) {
		char *from =
		    g_build_filename(FUZZ_SOURCE_DIR, "data", "bodies", "logos", logos[i], NULL);
		char *to = g_build_filename("logos", logos[i], NULL);
		fuzz_copy(from, to);
		g_free(to);
		g_free(from);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *path = fuzz_write("fuzz.yaml", data, size);
	struct body *b = NULL;
	struct diag d = {0};
	if (body_load(path, &b, &d))
		body_destroy(b);
	diag_finish(&d);
	g_free(path);
	return 0;
}
