/* One Check suite per module; check_main.c runs them all. */
#ifndef TIPSHEET_TESTS_SUITES_H
#define TIPSHEET_TESTS_SUITES_H

#include <check.h>

Suite *value_suite(void);
Suite *load_suite(void);
Suite *spec_suite(void);
Suite *fonts_suite(void);
Suite *hyph_suite(void);
Suite *flow_suite(void);
Suite *layout_suite(void);
Suite *people_suite(void);
Suite *pdfdoc_suite(void);
Suite *pdfobj_suite(void);
Suite *pdffont_suite(void);
Suite *pdfimport_suite(void);
Suite *cli_suite(void);
Suite *body_suite(void);

Suite *paths_suite(void);

#endif
