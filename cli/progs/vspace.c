/* vspace: namespaces for a program (cli/common/cli_space.c). */
#include "cli/common/cli_space.h"

int main(int argc, char **argv)
{
	return cli_space_main(argc, argv, false);
}
