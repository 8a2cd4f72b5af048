// GLPK (GNU Linear Programming Kit, Debian libglpk-dev): the LP solver of the disclosure audit.
#include <glpk.h>
