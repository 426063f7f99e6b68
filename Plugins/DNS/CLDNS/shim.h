// ldns (NLnet Labs) for the dns plugin: packets, wire format and UDP/TCP exchange with one server.
#include <ldns/ldns.h>
// eventfd, which Glibc's module leaves out, for the socket waiter's wake-ups.
#include <sys/eventfd.h>
