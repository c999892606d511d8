/* The floor for bench_start.sh: one guest start with nothing but the kernel work every tool
 * shares — clone into new PID, mount, UTS, IPC and network namespaces, make / private, bind the
 * tree over itself, pivot_root into it, detach the old root, exec /bin/true — and wait.
 *   bench_start_floor TREE */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static char stack[64 * 1024];
static const char *tree;

static int child(void *arg)
{
	(void)arg;
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
	    mount(tree, tree, NULL, MS_BIND | MS_REC, NULL) < 0 || chdir(tree) < 0 ||
	    syscall(SYS_pivot_root, ".", ".") < 0 || umount2(".", MNT_DETACH) < 0 || chdir("/") < 0) {
		perror("bench_start_floor: setup");
		return 126;
	}
	execl("/bin/true", "true", (char *)NULL);
	perror("bench_start_floor: exec /bin/true");
	return 127;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: bench_start_floor TREE\n");
		return 2;
	}
	tree = argv[1];
	pid_t pid = clone(child, stack + sizeof(stack),
			  CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET |
				  SIGCHLD, NULL);
	if (pid < 0) {
		perror("bench_start_floor: clone");
		return 1;
	}
	int st;
	if (waitpid(pid, &st, 0) < 0)
		return 1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
}
