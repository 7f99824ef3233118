/* analyze-canary.c: two bugs for the analyzers of tests/analyze.sh,
 * each of which must report at least one, so that a run that analyses
 * nothing (a wrong flag, a tool that changed) cannot pass.  gcc 12's
 * -fanalyzer finds the leak only; cppcheck and clang-tidy find both.
 * Not part of qbind. */
#include <stdlib.h>
#include <string.h>

int canary_leak(const char *s);
int canary_uninit(int n);

/* p leaks when s is not empty. */
int
canary_leak(const char *s)
{
	char *p = malloc(16);
	if (p == NULL)
		return -1;
	if (*s)
		return (int)strlen(s);
	free(p);
	return 0;
}

/* x is returned uninitialised when n is 0. */
int
canary_uninit(int n)
{
	int x;
	if (n)
		x = 1;
	return x;
}
