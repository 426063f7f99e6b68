import Foundation
@_spi(RootmailHost) import RootmailKit
import RootmailTestSupport
import Testing

@_spi(RootmailHost) @testable import RootmailMIME

/// Parsing runs on a 64 MiB stack of its own, entered on the calling thread (`ParseStack`):
/// no thread made or woken per mail, the stack's size still guaranteed.
@Suite struct ParseStackTests {
  /// The work runs on the caller's own thread (a kept thread woken per mail cost more than
  /// GMime's parse), on a stack of at least 64 MiB, and hands back what it returned; a parse
  /// inside a parse gets a stack of its own too.
  @Test func runsOnTheCallingThreadOnABigStack() {
    let caller = pthread_self()
    let (thread, mapping, inner) = ParseStack.run {
      (pthread_self(), StackMapping.current(), ParseStack.run { StackMapping.current() })
    }
    #expect(pthread_equal(thread, caller) != 0)
    #expect(mapping >= ParseStack.size)
    #expect(inner >= ParseStack.size)
    var captured = 0
    #expect(
      ParseStack.run {
        captured = 7
        return "done"
      } == "done")
    #expect(captured == 7)
  }

  /// Recursion far deeper than the calling thread's stack allows (256 KiB here) is fine inside:
  /// the stack is the parse's, not the caller's.
  @Test func deepRecursionFitsWhateverTheCallerHas() throws {
    let result = Outcome()
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    defer { pthread_attr_destroy(&attributes) }
    pthread_attr_setstacksize(&attributes, 256 << 10)
    let box = Unmanaged.passRetained(Box { result.value = ParseStack.run { Self.descend(65_536) } })
    var thread = pthread_t()
    try #require(
      pthread_create(
        &thread, &attributes,
        { raw in
          let box = Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue()
          box.work()
          return nil
        }, box.toOpaque()) == 0)
    pthread_join(thread, nil)
    #expect(result.value == 0)
  }

  /// What the thread computed, read after it was joined.
  final class Outcome: @unchecked Sendable { var value: Int? }

  /// About 8 MiB of frames: 32 bytes of locals and the frame around them, 65,536 deep.
  static func descend(_ n: Int) -> Int {
    let pad = (n, n &+ 1, n &+ 2, n &+ 3)
    return n == 0 ? 0 : descend(n - 1) &+ pad.0 &- pad.3 &+ 3
  }

  final class Box: Sendable {
    let work: @Sendable () -> Void
    init(_ work: @escaping @Sendable () -> Void) { self.work = work }
  }
}
