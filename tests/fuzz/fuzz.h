/* Fuzz harnesses (libFuzzer's entry point) and what they share.  Built
 * with clang -fsanitize=fuzzer by tests/fuzz/run, and by make check with
 * replay.c, which feeds them every corpus file and every past finding. */
#ifndef PW_FUZZ_H
#define PW_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "session.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The loader a format harness forces (NULL: detection).  The libFuzzer
 * build sets it from FUZZ_FORMAT; replay from its command line. */
extern const char *fuzz_format;

/* Open data as a dump through a memory file (no disk); NULL if it does
 * not open.  fuzz_close frees the session and the file. */
struct session *fuzz_open(const uint8_t *data, size_t size,
			  const char *format);
void fuzz_close(struct session *s);

#endif
