// ldns (NLnet Labs) for the dns plugin: packets, wire format and UDP/TCP exchange with one server.
#include <ldns/ldns.h>
