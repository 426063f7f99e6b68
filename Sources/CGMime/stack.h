// Running a function on a stack the caller provides, on the calling thread (ucontext): what
// Swift cannot call itself (makecontext is variadic). The mail parser runs GMime and libxml2
// on a 64 MiB stack this way instead of handing each mail to a thread with one.
#ifndef ROOTMAIL_CGMIME_STACK_H
#define ROOTMAIL_CGMIME_STACK_H
#include <stddef.h>
#include <stdint.h>
#include <ucontext.h>

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
