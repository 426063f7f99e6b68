// Plugins import only RootmailKit: the kit re-exports the argument parser and logging API so
// that every image in the process shares the one copy linked into libRootmailKit.so.
@_exported import ArgumentParser
@_exported import Logging
