/* Terminal safety: text_escape on every kind of hostile byte, then the
 * real binary on a dump whose strings hold escape sequences, opened under
 * a file name that holds one too -- -c output, --info, error messages and
 * .txt/.html/.ansi screenshots must carry no raw control sequence. */
#include "config.h"

#include "builders.h"

#include <ctype.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "text.h"

static char tmpdir[256];

static void esc(const char *in, bool nl, const char *want)
{
	char out[256];
	text_escape(in, strlen(in), nl, out, sizeof(out));
	assert_string_equal(out, want);
}

static void escapes_every_unsafe_kind(void **st)
{
	(void)st;
	esc("6.1\033]0;PWNED\a\033[2J", false,
	    "6.1\\x1b]0;PWNED\\x07\\x1b[2J");
	esc("a\nb\tc", true, "a\nb\tc");
	esc("a\nb\tc", false, "a\\x0ab\\x09c");
	esc("del\x7f", false, "del\\x7f");
	esc("c1 raw \x9b", false, "c1 raw \\x9b");		/* not UTF-8 */
	esc("c1 utf8 \xc2\x9b", false, "c1 utf8 \\u009b");
	esc("overlong \xc0\xaf \xe0\x80\xaf", false,
	    "overlong \\xc0\\xaf \\xe0\\x80\\xaf");
	esc("surrogate \xed\xa0\x80", false, "surrogate \\xed\\xa0\\x80");
	esc("cut \xe6\x97", false, "cut \\xe6\\x97");
	esc("bidi \xe2\x80\xae", false, "bidi \\u202e");
	esc("wide \xe6\x97\xa5\xe6\x9c\xac \xc3\xa9", false,
	    "wide \xe6\x97\xa5\xe6\x9c\xac \xc3\xa9");	/* kept */
	/* cut at a whole escape, never half of one */
	char small[5];
	size_t used = text_escape("ab\033cd", 5, false, small, sizeof(small));
	assert_string_equal(small, "ab");
	assert_int_equal(used, 2);
}

/* Raw control bytes in s: C0 but newline, DEL, C1 as UTF-8, or bytes
 * that are not UTF-8.  With ansi, our own SGR sequences are allowed. */
static const char *first_unsafe(const char *s, size_t n, bool ansi)
{
	char buf[16];
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		if (ansi && c == 033 && i + 1 < n && s[i + 1] == '[') {
			size_t j = i + 2;
			while (j < n && (isdigit((unsigned char)s[j]) || s[j] == ';'))
				j++;
			if (j < n && s[j] == 'm') {
				i = j + 1;
				continue;
			}
		}
		if ((c < 0x20 && c != '\n') || c == 0x7f)
			return s + i;
		size_t used = text_escape(s + i, 1 + (c >= 0xc0) + (c >= 0xe0) +
					  (c >= 0xf0), false, buf, sizeof(buf));
		if (c >= 0x80 && (used == 0 || buf[0] == '\\'))
			return s + i;
		i += used ? used : 1;
	}
	return NULL;
}

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	char *b = malloc(1 << 20);
	assert_non_null(b);
	*n = fread(b, 1, (1 << 20) - 1, f);
	b[*n] = '\0';
	fclose(f);
	return b;
}

static void check_clean(const char *path, bool ansi, const char *must)
{
	size_t n;
	char *t = slurp(path, &n);
	const char *bad = first_unsafe(t, n, ansi);
	if (bad)
		fail_msg("%s: raw byte 0x%02x at %td: ...%.20s", path,
			 (unsigned char)*bad, bad - t, bad > t + 20 ? bad - 20 : t);
	if (must && !strstr(t, must))
		fail_msg("%s: does not show '%s'", path, must);
	free(t);
}

static void binary_never_prints_a_control_sequence(void **st)
{
	(void)st;
	static const char text[] = "OSRELEASE=6.1\033]0;PWNED\a\033[2J\xc2\x9b"
		"5m\xc0\xaf\xe6\x97\xa5\nPAGESIZE=4096\n"
		"SYMBOL(swapper_pg_dir)=ffffffff80002000\nNUMBER(phys_base)=0\n";
	struct buf b;
	char dump[600], cmd[4096], out[600], err[600];
	const char *bin = getenv("PW_BUILDDIR");

	build_vmcore_elf(&b, text, sizeof(text) - 1);
	snprintf(dump, sizeof(dump), "%s/evil\033]0;NAME\a\x9b.elf", tmpdir);
	FILE *f = fopen(dump, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(b.p, 1, b.n, f), b.n);
	fclose(f);
	free(b.p);
	snprintf(out, sizeof(out), "%s/out", tmpdir);
	snprintf(err, sizeof(err), "%s/err", tmpdir);

	static const char *const runs[] = {
		"--info", "-c info -c '!pte 1000'",
		"-c 'frob\033]0;x\a' -c '!pte zz\033[2J'",
		"--format kdump",
		"--json --info -c '!pte 1000' -c 'frob\033]0;x\a'",
	};
	for (size_t i = 0; i < sizeof(runs) / sizeof(runs[0]); i++) {
		snprintf(cmd, sizeof(cmd), "'%s/pagewalk' '%s' %s > '%s' 2> '%s'",
			 bin ? bin : ".", dump, runs[i], out, err);
		printf("# run %zu\n", i);
		if (system(cmd) < 0)
			fail_msg("cannot run %s", cmd);
		check_clean(out, false, NULL);
		check_clean(err, false, NULL);
	}
	snprintf(cmd, sizeof(cmd), "'%s/pagewalk' '%s' --info > '%s'",
		 bin ? bin : ".", dump, out);
	assert_int_equal(system(cmd), 0);
	check_clean(out, false, "6.1\\x1b]0;PWNED\\x07\\x1b[2J\\u009b5m");

	static const char *const ext[] = { ".txt", ".html", ".ansi" };
	for (size_t i = 0; i < 3; i++) {
		char shot[700];
		snprintf(shot, sizeof(shot), "%s/shot%s", tmpdir, ext[i]);
		snprintf(cmd, sizeof(cmd), "'%s/pagewalk' '%s' --size 132x43 "
			 "--keys ':info<Enter>' --screenshot '%s'",
			 bin ? bin : ".", dump, shot);
		assert_int_equal(system(cmd), 0);
		check_clean(shot, i == 2, "PWNED");
	}
}

int main(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/pw-test-text-XXXXXX");
	if (!mkdtemp(tmpdir))
		return 99;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(escapes_every_unsafe_kind),
		cmocka_unit_test(binary_never_prints_a_control_sequence),
	};
	int rc = cmocka_run_group_tests_name("text", tests, NULL, NULL);
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		return 99;
	return rc;
}
