/* libFuzzer harness: data/tips.yaml from memory (load_factsheet_buffer). */
#include <stddef.h>
#include <stdint.h>

#include "load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct factsheet *f = NULL;
	struct diag d = {0};
	if (load_factsheet_buffer("fuzz.yaml", (const char *)data, size, &f, &d))
		model_destroy(f);
	diag_finish(&d);
	return 0;
}
