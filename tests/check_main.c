/* The unit-test runner: every module's suite in one SRunner. Exit status 0 only when every
 * test passed. Under AddressSanitizer, run with CK_FORK=no so that one process sees it all. */
#include <stdlib.h>

#include "suites.h"

int main(void)
{
	SRunner *sr = srunner_create(value_suite());
	srunner_add_suite(sr, load_suite());
	srunner_add_suite(sr, spec_suite());
	srunner_add_suite(sr, fonts_suite());
	srunner_add_suite(sr, hyph_suite());
	srunner_add_suite(sr, flow_suite());
	srunner_add_suite(sr, layout_suite());
	srunner_add_suite(sr, people_suite());
	srunner_add_suite(sr, pdfdoc_suite());
	srunner_add_suite(sr, pdfobj_suite());
	srunner_add_suite(sr, pdffont_suite());
	srunner_add_suite(sr, pdfimport_suite());
	srunner_add_suite(sr, cli_suite());
	srunner_add_suite(sr, body_suite());
	srunner_add_suite(sr, paths_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
