/* One loader (FUZZ_FORMAT, or detection): open the input; on success
 * translate VAs taken from its own bytes, dump memory, and run map, rmap,
 * dtbscan and search within their budgets. */
#include "config.h"

#include "fuzz.h"

#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "le.h"

#ifdef FUZZ_FORMAT
const char *fuzz_format = FUZZ_FORMAT;
#else
const char *fuzz_format;
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct session *s = fuzz_open(data, size, fuzz_format);
	static const char *const fixed[] = {
		"info", "map L 40", "map L 40 tlb", "rmap 1", ".cr3",
		"!dq 1000 L 8", "search 61 62", "dtbscan",
	};
	struct outbuf out;
	struct err e;
	char line[96];

	if (!s)
		return 0;
	ob_init(&out);
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
		cmd_run(s, fixed[i], &out, &e);
		ob_reset(&out);
	}
	/* the last bytes of the input, read as addresses */
	for (size_t k = 0; k < 4 && size >= 8 * (k + 1); k++) {
		uint64_t va = le_u64(data + size - 8 * (k + 1));
		static const char *const cmd[] = { "!pte", "!vtop", "db" };
		for (size_t j = 0; j < 3; j++) {
			snprintf(line, sizeof(line), "%s %llx%s", cmd[j],
				 (unsigned long long)va, j == 2 ? " L 20" : "");
			cmd_run(s, line, &out, &e);
			ob_reset(&out);
		}
	}
	ob_fini(&out);
	fuzz_close(s);
	return 0;
}
