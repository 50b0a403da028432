/* libFuzzer harness: a list of people (people_load reads it by path and tells the format
 * by the name). The first byte chooses: even, the rest is written to people.csv; odd, to
 * people.yaml. */
#include <glib.h>
#include <stddef.h>
#include <stdint.h>

#include "fuzz_common.h"
#include "people.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	const char *name = data[0] % 2 ? "people.yaml" : "people.csv";
	char *path = fuzz_write(name, data + 1, size - 1);
	struct people *p = NULL;
	struct people_errors errors = {0};
	struct diag fatal = {0};
	if (people_load(path, &p, &errors, &fatal))
		people_destroy(p);
	people_errors_finish(&errors);
	diag_finish(&fatal);
	g_free(path);
	return 0;
}
