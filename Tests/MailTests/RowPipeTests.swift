import Glibc
@_spi(RootmailHost) import RootmailKit
import Synchronization
import Testing

@_spi(RootmailHost) @testable import RootmailPluginMail

/// `RowPipe` between a reading task and a writer on its own thread (what `mail list --output
/// json` does): every row arrives once and in order, and the reader is held back while the
/// writer is behind, so no more than `capacity` batches ever wait.
@Suite struct RowPipeTests {
  @Test func rowsArriveInOrderAndTheReaderWaitsForASlowWriter() async throws {
    let pipe = RowPipe<Int>(capacity: 2)
    let received = Mutex<[Int]>([])
    let writer = try #require(
      OwnThread.start {
        while let batch = pipe.take() {
          received.withLock { $0 += batch }
          usleep(2_000)  // a writer slower than the reader
        }
      })
    let started = ContinuousClock.now
    var mostWaiting = 0
    for start in stride(from: 0, to: 200, by: 10) {
      pipe.put(Array(start..<start + 10))
      mostWaiting = max(mostWaiting, pipe.waiting)
    }
    let putting = ContinuousClock.now - started
    pipe.close()
    await writer.finished()
    #expect(received.withLock { $0 } == Array(0..<200))
    #expect(mostWaiting <= 2)
    // 20 batches through a pipe of 2 to a writer taking 2 ms a batch: the reader had to wait
    // for at least 17 of them to be written.
    #expect(putting >= .milliseconds(34))
  }

  @Test func aFailedReadIsToldToTheWriter() async throws {
    let pipe = RowPipe<Int>(capacity: 1)
    let seen = Mutex((rows: 0, failed: false))
    let writer = try #require(
      OwnThread.start {
        while let batch = pipe.take() { seen.withLock { $0.rows += batch.count } }
        let failed = pipe.failed
        seen.withLock { $0.failed = failed }
      })
    pipe.put([])  // an empty batch is not handed over
    pipe.put([1, 2])
    pipe.close(failed: true)
    await writer.finished()
    #expect(seen.withLock { $0.rows } == 2)
    #expect(seen.withLock { $0.failed })
  }
}
