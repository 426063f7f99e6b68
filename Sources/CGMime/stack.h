// Running a function on a stack the caller provides, on the calling thread: what Swift cannot
// do itself. The mail parser runs GMime and libxml2 on a 64 MiB stack this way instead of
// handing each mail to a thread with one. On x86-64 the switch is a few instructions (the
// stack pointer moved, the function called, the stack pointer put back); elsewhere it is
// ucontext, whose getcontext, swapcontext and the return through uc_link each make a
// sigprocmask system call: three per parse, more than the switch itself costs.
#ifndef ROOTMAIL_CGMIME_STACK_H
#define ROOTMAIL_CGMIME_STACK_H
#include <stddef.h>
#include <stdint.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#if defined(__x86_64__)
/// Runs `work(context)` on the stack [stack, stack + size) and returns once it has returned;
/// 0. The stack's guard page, if any, lies below `stack`. The caller's stack pointer is kept
/// in rbx (preserved by `work`, as the ABI asks of every function); every register a call may
/// change is declared changed. Signal masks are left as they are: nothing here changes them.
static inline int rm_run_on_stack(void *stack, size_t size, void (*work)(void *), void *context) {
  // The top of the stack, 16-byte aligned: after the call pushes its return address, `work`
  // starts as any function does (rsp + 8 a multiple of 16).
  uintptr_t top = ((uintptr_t)stack + size) & ~(uintptr_t)15;
  register void *argument __asm__("rdi") = context;
  __asm__ volatile("movq %%rsp, %%rbx\n\t"
                   "movq %[top], %%rsp\n\t"
                   "callq *%[work]\n\t"
                   "movq %%rbx, %%rsp"
                   : "+r"(argument), [top] "+r"(top), [work] "+r"(work)
                   :
                   : "rax", "rbx", "rcx", "rdx", "rsi", "r8", "r9", "r10", "r11", "xmm0", "xmm1", "xmm2", "xmm3",
                     "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14",
                     "xmm15", "st", "st(1)", "st(2)", "st(3)", "st(4)", "st(5)", "st(6)", "st(7)", "mm0", "mm1",
                     "mm2", "mm3", "mm4", "mm5", "mm6", "mm7", "memory", "cc");
  return 0;
}
#else
/// One call on another stack: where to come back to, and what to run.
typedef struct {
  ucontext_t caller;
  ucontext_t callee;
  void (*work)(void *);
  void *context;
} rm_stack_call;

/// Entry on the new stack: makecontext passes int arguments only, so the call's address comes
/// in two halves. Returning resumes `caller` (uc_link).
static void rm_stack_entry(unsigned int high, unsigned int low) {
  rm_stack_call *call = (rm_stack_call *)(uintptr_t)(((uint64_t)high << 32) | (uint64_t)low);
  call->work(call->context);
}

/// Runs `work(context)` on the stack [stack, stack + size) and returns once it has returned;
/// -1 when the switch could not be made (`work` was not run). The stack's guard page, if any,
/// lies below `stack`.
static inline int rm_run_on_stack(void *stack, size_t size, void (*work)(void *), void *context) {
  rm_stack_call call;
  call.work = work;
  call.context = context;
  if (getcontext(&call.callee) != 0) return -1;
  call.callee.uc_stack.ss_sp = stack;
  call.callee.uc_stack.ss_size = size;
  call.callee.uc_stack.ss_flags = 0;
  call.callee.uc_link = &call.caller;
  uint64_t address = (uint64_t)(uintptr_t)&call;
  makecontext(&call.callee, (void (*)(void))rm_stack_entry, 2, (unsigned int)(address >> 32), (unsigned int)address);
  if (swapcontext(&call.caller, &call.callee) != 0) return -1;
  return 0;
}
#endif

/// Whether any of the `pages` pages from `start` (page-aligned) is in memory: what a parse
/// touched there. 1 when it cannot be told (mincore failed), so the caller gives them back.
static inline int rm_pages_touched(void *start, size_t pages) {
  unsigned char resident[64];
  if (pages > sizeof resident) pages = sizeof resident;
  long page = sysconf(_SC_PAGESIZE);
  if (page <= 0 || mincore(start, pages * (size_t)page, resident) != 0) return 1;
  for (size_t i = 0; i < pages; i++)
    if (resident[i] & 1) return 1;
  return 0;
}
#endif
