/* --json: every command's structured result (doc/JSON.md), parsed back
 * and checked against the values the seed sample holds, and the binary's
 * JSON Lines (one document per command, failures included). */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cjson.h"
#include "cmd.h"
#include "linux_guest.h"
#include "sample.h"
#include "session.h"

static struct session *seed(void)
{
	return sample_session("seed-pae-3-touched.dmp");
}

/* Run line with JSON asked for; the result (owned by the caller). */
static json_t *result(struct session *s, const char *line)
{
	struct outbuf out;
	struct err e;

	ob_init(&out);
	cj_want(&out);
	if (cmd_run(s, line, &out, &e) < 0)
		fail_msg("%s: %s", line, e.msg);
	json_t *j = cj_take(&out);
	ob_fini(&out);
	assert_non_null(j);
	/* and it survives a round trip through text */
	char *text = json_dumps(j, JSON_COMPACT);
	json_error_t je;
	json_t *back = json_loads(text, 0, &je);
	assert_non_null(back);
	assert_true(json_equal(j, back));
	json_decref(back);
	free(text);
	return j;
}

static const char *str(json_t *j, const char *path)
{
	/* "a.b.2.c": objects by key, arrays by index */
	char buf[256];
	snprintf(buf, sizeof(buf), "%s", path);
	for (char *p = strtok(buf, "."); p && j; p = strtok(NULL, "."))
		j = json_is_array(j) ? json_array_get(j, (size_t)atoi(p)) :
		    json_object_get(j, p);
	if (!j)
		fail_msg("no %s", path);
	return json_is_string(j) ? json_string_value(j) :
	       json_is_true(j) ? "true" : json_is_false(j) ? "false" :
	       json_is_null(j) ? "null" : "number";
}

static void every_command_answers_in_json(void **st)
{
	(void)st;
	struct session *s = seed();
	json_t *j;

	j = result(s, "!pte 1f0000");
	assert_string_equal(str(j, "walk.state"), "valid");
	assert_string_equal(str(j, "walk.levels.2.level"), "PTE");
	assert_string_equal(str(j, "walk.levels.2.entry.raw"), "0x8000000069fc8867");
	assert_string_equal(str(j, "walk.levels.2.entry.flags.NX"), "true");
	assert_string_equal(str(j, "walk.levels.2.entry.windbg"), "---DA--UW-V");
	assert_string_equal(str(j, "walk.levels.2.selfmap_va"), "0xc0000f80");
	assert_string_equal(str(j, "walk.pa"), "0x69fc8000");
	json_decref(j);
	j = result(s, "!pte 1f4000");	/* the reserved run: a zero PTE */
	assert_string_equal(str(j, "walk.stop_level"), "PTE");
	assert_string_equal(str(j, "walk.levels.2.entry.kind"), "zero");
	json_decref(j);
	j = result(s, "!vtop 1f1000");
	assert_string_equal(str(j, "walk.pa"), "0x69c49000");
	json_decref(j);
	j = result(s, "!pte 1f0000 1f1fff");	/* a range: one walk a page */
	assert_int_equal(json_array_size(json_object_get(j, "walks")), 2);
	assert_string_equal(str(j, "walks.1.pa"), "0x69c49000");
	json_decref(j);
	j = result(s, "!pte2va c0000f88");
	assert_string_equal(str(j, "va"), "0x1f1000");
	json_decref(j);
	j = result(s, "pte 80");
	assert_string_equal(str(j, "entry.kind"), "demand-zero");
	assert_string_equal(str(j, "entry.meaning.1"), "Protect: 4 - ReadWrite");
	assert_int_equal(json_integer_value(json_object_get(
				json_object_get(j, "entry"), "protect")), 4);
	json_decref(j);
	j = result(s, "db 1f0ffe L4");	/* 'a' 'a' | 'a' and the next page */
	assert_string_equal(str(j, "values.0"), "0x61");
	assert_int_equal(json_array_size(json_object_get(j, "values")), 4);
	json_decref(j);
	j = result(s, "!dq 1000 L1");	/* not in the dump */
	assert_string_equal(str(j, "values.0"), "null");
	json_decref(j);
	j = result(s, "map L2");
	assert_string_equal(str(j, "ranges.0.start"), "0x17d000");
	assert_string_equal(str(j, "truncated"), "true");
	json_decref(j);
	j = result(s, "map 1f0000 L1 tlb");
	assert_string_equal(str(j, "mappings.0.va"), "0x1f0000");
	assert_string_equal(str(j, "mappings.0.pa"), "0x69fc8000");
	json_decref(j);
	j = result(s, "rmap 69fc8");
	assert_string_equal(str(j, "vas.0.va"), "0x1f0000");
	json_decref(j);
	j = result(s, ".cr3");
	assert_string_equal(str(j, "cr3"), "0x7f2124c0");
	assert_string_equal(str(j, "mode"), "pae");
	json_decref(j);
	j = result(s, "dtbscan");
	assert_string_equal(str(j, "candidates.0.cr3"), "0x7f2124c0");
	assert_string_equal(str(j, "candidates.0.plausible"), "true");
	json_decref(j);
	j = result(s, "search \"aa\"");
	assert_string_equal(str(j, "found"), "true");
	json_decref(j);
	j = result(s, "info");
	assert_string_equal(str(j, "loader"), "windows-dmp");
	assert_string_equal(str(j, "facts.signature"), "PAGEDUMP");
	assert_string_equal(str(j, "windows.layout"),
			    "Windows 7 SP1 x86 (build 7601)");
	assert_string_equal(str(j, "windows.nearest"), "false");
	assert_string_equal(str(j, "windows.note"), "null");
	json_decref(j);
	size_t n;
	cmd_table(&n);
	j = result(s, "help");
	assert_int_equal(json_array_size(json_object_get(j, "commands")), n);
	json_decref(j);
	sess_free(s);
}

/* Every command of the table gives a non-empty result object. */
static void no_command_is_left_without_json(void **st)
{
	(void)st;
	static const char *const line[] = {
		"!pte 1f0000", "!pte2va c0000f80", "!vtop 1f0000", "pte 80",
		"explain 1f0000", "fields 80",
		"db 1f0000 L1",
		"dw 1f0000 L1", "dd 1f0000 L1", "dq 1f0000 L1", "!db 69fc8000 L1",
		"!dw 69fc8000 L1", "!dd 69fc8000 L1", "!dq 69fc8000 L1", "map L1",
		"rmap 69fc8", ".cr3", ".process", "spaces", "dtbscan",
		"searchall 61 00",
		"!search 61 00", "search 61", "searchback 61", "info",
		"diff", "states 1f0000 L4",
		"help", "!process 0 0", "!vad", "!vadump", "!pfn 69fc8",
		/* Linux, the last six: on the shared real guest (r: a QEMU note) */
		"ps", "maps 1", "page 29e8", "ksym init_task", "!address 400000",
		"r rip",
	};
	size_t n;
	const struct cmd *t = cmd_table(&n);
	struct session *s = seed(), *lx = NULL;
	const char *why = NULL, *elf = lg_elf(&why);
	if (elf)
		lx = sample_session(elf);
	else
		printf("# Linux commands not checked: %s\n", why);
	sess_set_other(s, sample_session("seed-pae-2-committed.dmp"));
	for (size_t i = 0; i < n; i++) {
		size_t k = 0;
		bool linux_cmd;
		while (k < sizeof(line) / sizeof(line[0]) &&
		       (strncmp(line[k], t[i].name, strlen(t[i].name)) != 0 ||
			(line[k][strlen(t[i].name)] != ' ' &&
			 line[k][strlen(t[i].name)] != '\0')))
			k++;
		if (k == sizeof(line) / sizeof(line[0]))
			fail_msg("no JSON test line for %s", t[i].name);
		linux_cmd = k + 6 >= sizeof(line) / sizeof(line[0]);
		if (linux_cmd && !lx)
			continue;
		sess_set_va(s, 0x1f0000);
		json_t *j = result(linux_cmd ? lx : s, line[k]);
		if (!json_object_size(j))
			fail_msg("%s: empty JSON result", line[k]);
		json_decref(j);
	}
	sess_free(s);
	sess_free(lx);
}

/* The binary: one document per line, failures as ok:false, exit 1. */
static void binary_prints_json_lines(void **st)
{
	(void)st;
	const char *bin = getenv("PW_BUILDDIR");
	char cmd[1200];
	snprintf(cmd, sizeof(cmd), "'%s/pagewalk' --json --info -c '!pte 1f0000' "
		 "-c frob -c 'db 1f0000 L2' 2>/dev/null", bin ? bin : ".");
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	char line[65536];
	const char *want[] = { "info", "!pte 1f0000", "frob", "db 1f0000 L2" };
	int n = 0;
	while (fgets(line, sizeof(line), p)) {
		json_error_t je;
		json_t *j = json_loads(line, 0, &je);
		if (!j)
			fail_msg("line %d is not JSON: %s", n + 1, je.text);
		assert_true(n < 4);
		assert_string_equal(str(j, "command"), want[n]);
		assert_string_equal(str(j, "ok"), n == 2 ? "false" : "true");
		json_decref(j);
		n++;
	}
	assert_int_equal(n, 4);
	assert_int_equal(WEXITSTATUS(pclose(p)), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_command_answers_in_json),
		cmocka_unit_test(no_command_is_left_without_json),
		cmocka_unit_test(binary_prints_json_lines),
	};
	return cmocka_run_group_tests_name("json", tests, NULL, NULL);
}
