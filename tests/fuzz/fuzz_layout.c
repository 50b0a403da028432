/* libFuzzer harness: a layout file from memory (spec_load_buffer). */
#include <stddef.h>
#include <stdint.h>

#include "spec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct spec *s = NULL;
	struct diag d = {0};
	if (spec_load_buffer("fuzz.yaml", (const char *)data, size, &s, &d))
		spec_destroy(s);
	diag_finish(&d);
	return 0;
}
