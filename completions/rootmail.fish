function __rootmail_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __rootmail_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __rootmail_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __rootmail_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __rootmail_parse_tokens -S
    set -l unparsed_tokens (__rootmail_tokens -pc)
    switch $unparsed_tokens[1]
    case 'rootmail'
        __rootmail_parse_subcommand 0 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'config'
            __rootmail_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'show'
                __rootmail_parse_subcommand 0 'profile=' 'region=' 'endpoint-url=' 'config=' 'o/output=' 'v/verbose' 'debug' 'no-color' 'version' 'h/help'
            case 'init'
                __rootmail_parse_subcommand 0 'profile=' 'region=' 'endpoint-url=' 'config=' 'o/output=' 'v/verbose' 'debug' 'no-color' 'domain=' 'force' 'version' 'h/help'
            end
        case 'plugins'
            __rootmail_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'list'
                __rootmail_parse_subcommand 0 'profile=' 'region=' 'endpoint-url=' 'config=' 'o/output=' 'v/verbose' 'debug' 'no-color' 'version' 'h/help'
            end
        case 'whoami'
            __rootmail_parse_subcommand 0 'profile=' 'region=' 'endpoint-url=' 'config=' 'o/output=' 'v/verbose' 'debug' 'no-color' 'version' 'h/help'
<<<<<<< HEAD
        case 'dns'
            __rootmail_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'check'
                __rootmail_parse_subcommand 0 'profile=' 'region=' 'endpoint-url=' 'config=' 'o/output=' 'v/verbose' 'debug' 'no-color' 'domain=' 'subdomain=' 'hosted-zone-id=' 'resolver=' 'parent-server=+' 'timeout=' 'query-timeout=' 'attempts=' 'wait' 'wait-timeout=' 'interval=' 'version' 'h/help'
=======
        case 'deploy'
            __rootmail_parse_subcommand 0 'profile=' 'region=' 'endpoint-url=' 'config=' 'o/output=' 'v/verbose' 'debug' 'no-color' 'domain=' 'subdomain=' 'stack-name=' 'hosted-zone-id=' 'parent-zone-id=' 'kms-key=' 'mail-expiry-days=' 'ses-region=' 'template' 'format=' 'policy=' 'status' 'destroy' 'delete-mail' 'activate' 'yes' 'wait' 'no-dns-check' 'timeout=' 'version' 'h/help'
        case 'mail'
            __rootmail_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'fetch'
                __rootmail_parse_subcommand 0 'profile=' 'region=' 'endpoint-url=' 'config=' 'o/output=' 'v/verbose' 'debug' 'no-color' 'bucket=' 'prefix=' 'concurrency=' 'version' 'h/help'
            case 'list'
                __rootmail_parse_subcommand 0 'profile=' 'region=' 'endpoint-url=' 'config=' 'o/output=' 'v/verbose' 'debug' 'no-color' 'to=' 'account=' 'since=' 'class=' 'subject=' 'limit=' 'all' 'version' 'h/help'
            case 'show'
                __rootmail_parse_subcommand 1 'profile=' 'region=' 'endpoint-url=' 'config=' 'o/output=' 'v/verbose' 'debug' 'no-color' 'html' 'raw' 'headers' 'save-attachments=' 'version' 'h/help'
            case 'links'
                __rootmail_parse_subcommand 1 'profile=' 'region=' 'endpoint-url=' 'config=' 'o/output=' 'v/verbose' 'debug' 'no-color' 'version' 'h/help'
            case 'reset-link'
                __rootmail_parse_subcommand 0 'profile=' 'region=' 'endpoint-url=' 'config=' 'o/output=' 'v/verbose' 'debug' 'no-color' 'account=' 'any-age' 'version' 'h/help'
>>>>>>> main
            end
        case 'mappings'
            __rootmail_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'list'
                __rootmail_parse_subcommand 0 'profile=' 'region=' 'endpoint-url=' 'config=' 'o/output=' 'v/verbose' 'debug' 'no-color' 'owner=' 'account-type=' 'status=' 'name-prefix=' 'csv' 'version' 'h/help'
            case 'get'
                __rootmail_parse_subcommand 1 'profile=' 'region=' 'endpoint-url=' 'config=' 'o/output=' 'v/verbose' 'debug' 'no-color' 'version' 'h/help'
            case 'update'
                __rootmail_parse_subcommand 1 'profile=' 'region=' 'endpoint-url=' 'config=' 'o/output=' 'v/verbose' 'debug' 'no-color' 'owner=' 'account-type=' 'tag=+' 'status=' 'version' 'h/help'
            case 'delete'
                __rootmail_parse_subcommand 1 'profile=' 'region=' 'endpoint-url=' 'config=' 'o/output=' 'v/verbose' 'debug' 'no-color' 'y/yes' 'version' 'h/help'
            case 'export'
                __rootmail_parse_subcommand 0 'profile=' 'region=' 'endpoint-url=' 'config=' 'o/output=' 'v/verbose' 'debug' 'no-color' 'owner=' 'account-type=' 'status=' 'name-prefix=' 'format=' 'file=' 'force' 'version' 'h/help'
            case 'import'
                __rootmail_parse_subcommand 1 'profile=' 'region=' 'endpoint-url=' 'config=' 'o/output=' 'v/verbose' 'debug' 'no-color' 'format=' 'overwrite' 'version' 'h/help'
            case 'init-table'
                __rootmail_parse_subcommand 0 'profile=' 'region=' 'endpoint-url=' 'config=' 'o/output=' 'v/verbose' 'debug' 'no-color' 'version' 'h/help'
            end
        case 'vend'
            __rootmail_parse_subcommand 0 'profile=' 'region=' 'endpoint-url=' 'config=' 'o/output=' 'v/verbose' 'debug' 'no-color' 'strategy=' 'owner=' 'account-type=' 'tag=+' 'business-unit=' 'application=' 'environment=' 'account-name=' 'email=' 'random-length=' 'request=' 'from-file=' 'dry-run' 'create-account' 'version' 'h/help'
        case 'help'
            __rootmail_parse_subcommand -r 1 'version'
        end
    end
end

function __rootmail_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __rootmail_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __rootmail_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __rootmail_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__rootmail_tokens -p)
    if test -z "$(__rootmail_tokens -t)"
        set -l index (count (__rootmail_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'rootmail' -f
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail" version' -l 'version' -d 'Show the version.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_positional "rootmail" -eq 1' -fa 'config' -d 'Show or create rootmail\'s configuration.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_positional "rootmail" -eq 1' -fa 'plugins' -d 'Show the plugins rootmail found.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_positional "rootmail" -eq 1' -fa 'whoami' -d 'Show the AWS account, ARN and user id of the credentials in use.'
<<<<<<< HEAD
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_positional "rootmail" -eq 1' -fa 'dns' -d 'Check the DNS and SES setup that makes the subdomain receive mail.'
=======
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_positional "rootmail" -eq 1' -fa 'deploy' -d 'Set up the AWS side of receiving root mail; re-running changes nothing.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_positional "rootmail" -eq 1' -fa 'mail' -d 'Fetch root mail from the S3 bucket SES stores it in, and read it safely.'
>>>>>>> main
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_positional "rootmail" -eq 1' -fa 'mappings' -d 'List, show, change, delete, export and import address → owner mappings.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_positional "rootmail" -eq 1' -fa 'vend' -d 'Vend a new root-user email address and record who owns it.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_positional "rootmail" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail config" version' -l 'version' -d 'Show the version.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail config" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_positional "rootmail config" -eq 1' -fa 'show' -d 'Print every setting with its value and where it came from.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_positional "rootmail config" -eq 1' -fa 'init' -d 'Write a commented starter config file.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail config show" profile' -l 'profile' -d 'AWS profile from the shared config and credentials files.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail config show" region' -l 'region' -d 'AWS region.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail config show" endpoint-url' -l 'endpoint-url' -d 'Send every AWS call to this URL instead of AWS\'s endpoints.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail config show" config' -l 'config' -d 'Config file to read (default: $XDG_CONFIG_HOME/rootmail/config.toml).' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail config show" o output' -s 'o' -l 'output' -d 'Output format: table, json or text (default: table on a terminal, text when piped).' -rfka 'table json text'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail config show" v verbose' -s 'v' -l 'verbose' -d 'Log what is done to stderr.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail config show" debug' -l 'debug' -d 'Log everything, requests included, to stderr (secrets are never printed).'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail config show" no-color' -l 'no-color' -d 'Print no colour (also with NO_COLOR set).'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail config show" version' -l 'version' -d 'Show the version.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail config show" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail config init" profile' -l 'profile' -d 'AWS profile from the shared config and credentials files.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail config init" region' -l 'region' -d 'AWS region.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail config init" endpoint-url' -l 'endpoint-url' -d 'Send every AWS call to this URL instead of AWS\'s endpoints.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail config init" config' -l 'config' -d 'Config file to read (default: $XDG_CONFIG_HOME/rootmail/config.toml).' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail config init" o output' -s 'o' -l 'output' -d 'Output format: table, json or text (default: table on a terminal, text when piped).' -rfka 'table json text'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail config init" v verbose' -s 'v' -l 'verbose' -d 'Log what is done to stderr.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail config init" debug' -l 'debug' -d 'Log everything, requests included, to stderr (secrets are never printed).'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail config init" no-color' -l 'no-color' -d 'Print no colour (also with NO_COLOR set).'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail config init" domain' -l 'domain' -d 'The company\'s domain to put in the file.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail config init" force' -l 'force' -d 'Replace an existing file.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail config init" version' -l 'version' -d 'Show the version.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail config init" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail plugins" version' -l 'version' -d 'Show the version.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail plugins" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_positional "rootmail plugins" -eq 1' -fa 'list' -d 'List every plugin found, and every plugin file refused with its reason.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail plugins list" profile' -l 'profile' -d 'AWS profile from the shared config and credentials files.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail plugins list" region' -l 'region' -d 'AWS region.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail plugins list" endpoint-url' -l 'endpoint-url' -d 'Send every AWS call to this URL instead of AWS\'s endpoints.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail plugins list" config' -l 'config' -d 'Config file to read (default: $XDG_CONFIG_HOME/rootmail/config.toml).' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail plugins list" o output' -s 'o' -l 'output' -d 'Output format: table, json or text (default: table on a terminal, text when piped).' -rfka 'table json text'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail plugins list" v verbose' -s 'v' -l 'verbose' -d 'Log what is done to stderr.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail plugins list" debug' -l 'debug' -d 'Log everything, requests included, to stderr (secrets are never printed).'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail plugins list" no-color' -l 'no-color' -d 'Print no colour (also with NO_COLOR set).'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail plugins list" version' -l 'version' -d 'Show the version.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail plugins list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail whoami" profile' -l 'profile' -d 'AWS profile from the shared config and credentials files.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail whoami" region' -l 'region' -d 'AWS region.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail whoami" endpoint-url' -l 'endpoint-url' -d 'Send every AWS call to this URL instead of AWS\'s endpoints.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail whoami" config' -l 'config' -d 'Config file to read (default: $XDG_CONFIG_HOME/rootmail/config.toml).' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail whoami" o output' -s 'o' -l 'output' -d 'Output format: table, json or text (default: table on a terminal, text when piped).' -rfka 'table json text'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail whoami" v verbose' -s 'v' -l 'verbose' -d 'Log what is done to stderr.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail whoami" debug' -l 'debug' -d 'Log everything, requests included, to stderr (secrets are never printed).'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail whoami" no-color' -l 'no-color' -d 'Print no colour (also with NO_COLOR set).'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail whoami" version' -l 'version' -d 'Show the version.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail whoami" h help' -s 'h' -l 'help' -d 'Show help information.'
<<<<<<< HEAD
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail dns" version' -l 'version' -d 'Show the version.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail dns" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_positional "rootmail dns" -eq 1' -fa 'check' -d 'Prove that <subdomain>.<domain> receives mail into SES, or say what to fix.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail dns check" profile' -l 'profile' -d 'AWS profile from the shared config and credentials files.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail dns check" region' -l 'region' -d 'AWS region.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail dns check" endpoint-url' -l 'endpoint-url' -d 'Send every AWS call to this URL instead of AWS\'s endpoints.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail dns check" config' -l 'config' -d 'Config file to read (default: $XDG_CONFIG_HOME/rootmail/config.toml).' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail dns check" o output' -s 'o' -l 'output' -d 'Output format: table, json or text (default: table on a terminal, text when piped).' -rfka 'table json text'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail dns check" v verbose' -s 'v' -l 'verbose' -d 'Log what is done to stderr.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail dns check" debug' -l 'debug' -d 'Log everything, requests included, to stderr (secrets are never printed).'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail dns check" no-color' -l 'no-color' -d 'Print no colour (also with NO_COLOR set).'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail dns check" domain' -l 'domain' -d 'The company\'s domain (default: the domain setting).' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail dns check" subdomain' -l 'subdomain' -d 'The receiving subdomain (default: the subdomain setting, aws).' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail dns check" hosted-zone-id' -l 'hosted-zone-id' -d 'The Route53 hosted zone of the subdomain (default: found by name).' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail dns check" resolver' -l 'resolver' -d 'Ask this server (with recursion) for the parent zone\'s servers and server addresses (default: /etc/resolv.conf).' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail dns check"' -l 'parent-server' -d 'A server of the parent zone to ask instead of those the resolver names (repeatable).' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail dns check" timeout' -l 'timeout' -d 'Finish the whole check within this time (10s, 500ms, 1m).' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail dns check" query-timeout' -l 'query-timeout' -d 'Wait this long for one answer.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail dns check" attempts' -l 'attempts' -d 'Attempts per question (1-10).' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail dns check" wait' -l 'wait' -d 'Run the checks again until all pass (or --wait-timeout ends).'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail dns check" wait-timeout' -l 'wait-timeout' -d 'How long --wait keeps trying.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail dns check" interval' -l 'interval' -d 'Time between runs with --wait.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail dns check" version' -l 'version' -d 'Show the version.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail dns check" h help' -s 'h' -l 'help' -d 'Show help information.'
=======
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail deploy" profile' -l 'profile' -d 'AWS profile from the shared config and credentials files.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail deploy" region' -l 'region' -d 'AWS region.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail deploy" endpoint-url' -l 'endpoint-url' -d 'Send every AWS call to this URL instead of AWS\'s endpoints.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail deploy" config' -l 'config' -d 'Config file to read (default: $XDG_CONFIG_HOME/rootmail/config.toml).' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail deploy" o output' -s 'o' -l 'output' -d 'Output format: table, json or text (default: table on a terminal, text when piped).' -rfka 'table json text'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail deploy" v verbose' -s 'v' -l 'verbose' -d 'Log what is done to stderr.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail deploy" debug' -l 'debug' -d 'Log everything, requests included, to stderr (secrets are never printed).'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail deploy" no-color' -l 'no-color' -d 'Print no colour (also with NO_COLOR set).'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail deploy" domain' -l 'domain' -d 'The company\'s domain (default: domain from the config).' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail deploy" subdomain' -l 'subdomain' -d 'Receiving subdomain: mail goes to <subdomain>.<domain> (default: subdomain from the config, aws).' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail deploy" stack-name' -l 'stack-name' -d 'CloudFormation stack name.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail deploy" hosted-zone-id' -l 'hosted-zone-id' -d 'Use this existing hosted zone for <subdomain>.<domain> instead of making one.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail deploy" parent-zone-id' -l 'parent-zone-id' -d 'Hosted zone of <domain> in this account: deploy adds the NS delegation there and waits until Route53 has it.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail deploy" kms-key' -l 'kms-key' -d 'Encrypt mail (and the table) with this KMS key (ARN, key id or alias/<name>); default SSE-S3.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail deploy" mail-expiry-days' -l 'mail-expiry-days' -d 'Delete stored mail (and its old versions) after this many days; default: keep it.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail deploy" ses-region' -l 'ses-region' -d 'Region where SES receives the mail, if not the stack\'s (receiving is offered in some regions only).' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail deploy" template' -l 'template' -d 'Print the CloudFormation template and stop (no AWS call).'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail deploy" format' -l 'format' -d 'Template format for --template: yaml or json.' -rfka 'yaml json'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail deploy" policy' -l 'policy' -d 'Print the least-privilege IAM policy for: watch (mail watch), vend, admin (deploy).' -rfka 'watch vend admin'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail deploy" status' -l 'status' -d 'Show what exists, what differs from what deploy makes, and the DNS check.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail deploy" destroy' -l 'destroy' -d 'Undo deploy: rule set, identity, records, delegation, parameter and stack.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail deploy" delete-mail' -l 'delete-mail' -d 'With --destroy: also empty the bucket (every version) and delete it.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail deploy" activate' -l 'activate' -d 'Make another rule set\'s place as the active one RootMail\'s (otherwise deploy stops).'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail deploy" yes' -l 'yes' -d 'Make the changes without asking (needed without a terminal).'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail deploy" wait' -l 'wait' -d 'Wait until SES has verified the domain and the DNS check passes.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail deploy" no-dns-check' -l 'no-dns-check' -d 'Do not end with the report of rootmail dns check.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail deploy" timeout' -l 'timeout' -d 'Longest wait for the stack, Route53 and SES, in seconds.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail deploy" version' -l 'version' -d 'Show the version.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail deploy" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail" version' -l 'version' -d 'Show the version.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_positional "rootmail mail" -eq 1' -fa 'fetch' -d 'Download new mail from the bucket into the local cache and index it.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_positional "rootmail mail" -eq 1' -fa 'list' -d 'List cached mail, newest first.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_positional "rootmail mail" -eq 1' -fa 'show' -d 'Show a cached mail: its headers, verdicts and decoded text.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_positional "rootmail mail" -eq 1' -fa 'links' -d 'Print every link in a cached mail, one per line.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_positional "rootmail mail" -eq 1' -fa 'reset-link' -d 'Print the newest AWS root-user password-reset link sent to an account.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail fetch" profile' -l 'profile' -d 'AWS profile from the shared config and credentials files.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail fetch" region' -l 'region' -d 'AWS region.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail fetch" endpoint-url' -l 'endpoint-url' -d 'Send every AWS call to this URL instead of AWS\'s endpoints.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail fetch" config' -l 'config' -d 'Config file to read (default: $XDG_CONFIG_HOME/rootmail/config.toml).' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail fetch" o output' -s 'o' -l 'output' -d 'Output format: table, json or text (default: table on a terminal, text when piped).' -rfka 'table json text'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail fetch" v verbose' -s 'v' -l 'verbose' -d 'Log what is done to stderr.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail fetch" debug' -l 'debug' -d 'Log everything, requests included, to stderr (secrets are never printed).'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail fetch" no-color' -l 'no-color' -d 'Print no colour (also with NO_COLOR set).'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail fetch" bucket' -l 'bucket' -d 'The bucket SES stores mail in (default: config bucket).' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail fetch" prefix' -l 'prefix' -d 'Key prefix of the mail (default: config bucket_prefix, RootMail/).' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail fetch" concurrency' -l 'concurrency' -d 'Downloads in flight at once (1–64).' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail fetch" version' -l 'version' -d 'Show the version.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail fetch" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail list" profile' -l 'profile' -d 'AWS profile from the shared config and credentials files.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail list" region' -l 'region' -d 'AWS region.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail list" endpoint-url' -l 'endpoint-url' -d 'Send every AWS call to this URL instead of AWS\'s endpoints.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail list" config' -l 'config' -d 'Config file to read (default: $XDG_CONFIG_HOME/rootmail/config.toml).' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail list" o output' -s 'o' -l 'output' -d 'Output format: table, json or text (default: table on a terminal, text when piped).' -rfka 'table json text'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail list" v verbose' -s 'v' -l 'verbose' -d 'Log what is done to stderr.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail list" debug' -l 'debug' -d 'Log everything, requests included, to stderr (secrets are never printed).'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail list" no-color' -l 'no-color' -d 'Print no colour (also with NO_COLOR set).'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail list" to' -l 'to' -d 'Only mail to this address (To, Cc or Delivered-To).' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail list" account' -l 'account' -d 'Only mail to this account\'s address (an account name or an address).' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail list" since' -l 'since' -d 'Only mail received since: 30m, 12h, 7d, 2w, or a date (2026-11-30).' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail list" class' -l 'class' -d 'Only mail of this class.' -rfka 'password-reset welcome account-ready filtered empty-subject other'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail list" subject' -l 'subject' -d 'Only mail whose subject contains this (any case).' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail list" limit' -l 'limit' -d 'At most this many mails.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail list" all' -l 'all' -d 'Also list mail with a filtered subject (welcome, account ready).'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail list" version' -l 'version' -d 'Show the version.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail show" profile' -l 'profile' -d 'AWS profile from the shared config and credentials files.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail show" region' -l 'region' -d 'AWS region.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail show" endpoint-url' -l 'endpoint-url' -d 'Send every AWS call to this URL instead of AWS\'s endpoints.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail show" config' -l 'config' -d 'Config file to read (default: $XDG_CONFIG_HOME/rootmail/config.toml).' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail show" o output' -s 'o' -l 'output' -d 'Output format: table, json or text (default: table on a terminal, text when piped).' -rfka 'table json text'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail show" v verbose' -s 'v' -l 'verbose' -d 'Log what is done to stderr.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail show" debug' -l 'debug' -d 'Log everything, requests included, to stderr (secrets are never printed).'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail show" no-color' -l 'no-color' -d 'Print no colour (also with NO_COLOR set).'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail show" html' -l 'html' -d 'Show the HTML part as it was sent instead of the text.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail show" raw' -l 'raw' -d 'Write the whole mail as it was stored (MIME source).'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail show" headers' -l 'headers' -d 'Show every header of the mail.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail show" save-attachments' -l 'save-attachments' -d 'Save the attachments into this folder (never overwriting, files 0600).' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail show" version' -l 'version' -d 'Show the version.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail show" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail links" profile' -l 'profile' -d 'AWS profile from the shared config and credentials files.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail links" region' -l 'region' -d 'AWS region.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail links" endpoint-url' -l 'endpoint-url' -d 'Send every AWS call to this URL instead of AWS\'s endpoints.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail links" config' -l 'config' -d 'Config file to read (default: $XDG_CONFIG_HOME/rootmail/config.toml).' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail links" o output' -s 'o' -l 'output' -d 'Output format: table, json or text (default: table on a terminal, text when piped).' -rfka 'table json text'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail links" v verbose' -s 'v' -l 'verbose' -d 'Log what is done to stderr.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail links" debug' -l 'debug' -d 'Log everything, requests included, to stderr (secrets are never printed).'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail links" no-color' -l 'no-color' -d 'Print no colour (also with NO_COLOR set).'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail links" version' -l 'version' -d 'Show the version.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail links" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail reset-link" profile' -l 'profile' -d 'AWS profile from the shared config and credentials files.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail reset-link" region' -l 'region' -d 'AWS region.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail reset-link" endpoint-url' -l 'endpoint-url' -d 'Send every AWS call to this URL instead of AWS\'s endpoints.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail reset-link" config' -l 'config' -d 'Config file to read (default: $XDG_CONFIG_HOME/rootmail/config.toml).' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail reset-link" o output' -s 'o' -l 'output' -d 'Output format: table, json or text (default: table on a terminal, text when piped).' -rfka 'table json text'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail reset-link" v verbose' -s 'v' -l 'verbose' -d 'Log what is done to stderr.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail reset-link" debug' -l 'debug' -d 'Log everything, requests included, to stderr (secrets are never printed).'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail reset-link" no-color' -l 'no-color' -d 'Print no colour (also with NO_COLOR set).'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail reset-link" account' -l 'account' -d 'The account: its name or its root-user address.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail reset-link" any-age' -l 'any-age' -d 'Print the newest trusted link however old it is.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail reset-link" version' -l 'version' -d 'Show the version.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mail reset-link" h help' -s 'h' -l 'help' -d 'Show help information.'
>>>>>>> main
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings" version' -l 'version' -d 'Show the version.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_positional "rootmail mappings" -eq 1' -fa 'list' -d 'List mappings.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_positional "rootmail mappings" -eq 1' -fa 'get' -d 'Show the mapping of an address or account name.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_positional "rootmail mappings" -eq 1' -fa 'update' -d 'Change a mapping\'s owner, account type, tags or status.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_positional "rootmail mappings" -eq 1' -fa 'delete' -d 'Delete a mapping (asks first; --yes when there is no terminal).'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_positional "rootmail mappings" -eq 1' -fa 'export' -d 'Export mappings as JSON lines or CSV.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_positional "rootmail mappings" -eq 1' -fa 'import' -d 'Import mappings from JSON lines or CSV (validated before anything is written).'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_positional "rootmail mappings" -eq 1' -fa 'init-table' -d 'Create the DynamoDB mapping table (key AccountEmail, GSI AccountName-Enum-Index).'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings list" profile' -l 'profile' -d 'AWS profile from the shared config and credentials files.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings list" region' -l 'region' -d 'AWS region.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings list" endpoint-url' -l 'endpoint-url' -d 'Send every AWS call to this URL instead of AWS\'s endpoints.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings list" config' -l 'config' -d 'Config file to read (default: $XDG_CONFIG_HOME/rootmail/config.toml).' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings list" o output' -s 'o' -l 'output' -d 'Output format: table, json or text (default: table on a terminal, text when piped).' -rfka 'table json text'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings list" v verbose' -s 'v' -l 'verbose' -d 'Log what is done to stderr.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings list" debug' -l 'debug' -d 'Log everything, requests included, to stderr (secrets are never printed).'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings list" no-color' -l 'no-color' -d 'Print no colour (also with NO_COLOR set).'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings list" owner' -l 'owner' -d 'Only mappings of this owner.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings list" account-type' -l 'account-type' -d 'Only this account type.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings list" status' -l 'status' -d 'Only this status (NAME-ALLOCATED, ACCOUNT-CREATED, …).' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings list" name-prefix' -l 'name-prefix' -d 'Only account names starting with this.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings list" csv' -l 'csv' -d 'Print CSV (the export format) instead of --output.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings list" version' -l 'version' -d 'Show the version.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings get" profile' -l 'profile' -d 'AWS profile from the shared config and credentials files.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings get" region' -l 'region' -d 'AWS region.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings get" endpoint-url' -l 'endpoint-url' -d 'Send every AWS call to this URL instead of AWS\'s endpoints.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings get" config' -l 'config' -d 'Config file to read (default: $XDG_CONFIG_HOME/rootmail/config.toml).' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings get" o output' -s 'o' -l 'output' -d 'Output format: table, json or text (default: table on a terminal, text when piped).' -rfka 'table json text'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings get" v verbose' -s 'v' -l 'verbose' -d 'Log what is done to stderr.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings get" debug' -l 'debug' -d 'Log everything, requests included, to stderr (secrets are never printed).'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings get" no-color' -l 'no-color' -d 'Print no colour (also with NO_COLOR set).'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings get" version' -l 'version' -d 'Show the version.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings get" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings update" profile' -l 'profile' -d 'AWS profile from the shared config and credentials files.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings update" region' -l 'region' -d 'AWS region.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings update" endpoint-url' -l 'endpoint-url' -d 'Send every AWS call to this URL instead of AWS\'s endpoints.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings update" config' -l 'config' -d 'Config file to read (default: $XDG_CONFIG_HOME/rootmail/config.toml).' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings update" o output' -s 'o' -l 'output' -d 'Output format: table, json or text (default: table on a terminal, text when piped).' -rfka 'table json text'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings update" v verbose' -s 'v' -l 'verbose' -d 'Log what is done to stderr.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings update" debug' -l 'debug' -d 'Log everything, requests included, to stderr (secrets are never printed).'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings update" no-color' -l 'no-color' -d 'Print no colour (also with NO_COLOR set).'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings update" owner' -l 'owner' -d 'The new owner.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings update" account-type' -l 'account-type' -d 'The new account type.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings update"' -l 'tag' -d 'Set a tag (repeatable; key= removes it).' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings update" status' -l 'status' -d 'The new status.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings update" version' -l 'version' -d 'Show the version.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings update" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings delete" profile' -l 'profile' -d 'AWS profile from the shared config and credentials files.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings delete" region' -l 'region' -d 'AWS region.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings delete" endpoint-url' -l 'endpoint-url' -d 'Send every AWS call to this URL instead of AWS\'s endpoints.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings delete" config' -l 'config' -d 'Config file to read (default: $XDG_CONFIG_HOME/rootmail/config.toml).' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings delete" o output' -s 'o' -l 'output' -d 'Output format: table, json or text (default: table on a terminal, text when piped).' -rfka 'table json text'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings delete" v verbose' -s 'v' -l 'verbose' -d 'Log what is done to stderr.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings delete" debug' -l 'debug' -d 'Log everything, requests included, to stderr (secrets are never printed).'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings delete" no-color' -l 'no-color' -d 'Print no colour (also with NO_COLOR set).'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings delete" y yes' -s 'y' -l 'yes' -d 'Delete without asking.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings delete" version' -l 'version' -d 'Show the version.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings delete" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings export" profile' -l 'profile' -d 'AWS profile from the shared config and credentials files.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings export" region' -l 'region' -d 'AWS region.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings export" endpoint-url' -l 'endpoint-url' -d 'Send every AWS call to this URL instead of AWS\'s endpoints.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings export" config' -l 'config' -d 'Config file to read (default: $XDG_CONFIG_HOME/rootmail/config.toml).' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings export" o output' -s 'o' -l 'output' -d 'Output format: table, json or text (default: table on a terminal, text when piped).' -rfka 'table json text'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings export" v verbose' -s 'v' -l 'verbose' -d 'Log what is done to stderr.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings export" debug' -l 'debug' -d 'Log everything, requests included, to stderr (secrets are never printed).'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings export" no-color' -l 'no-color' -d 'Print no colour (also with NO_COLOR set).'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings export" owner' -l 'owner' -d 'Only mappings of this owner.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings export" account-type' -l 'account-type' -d 'Only this account type.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings export" status' -l 'status' -d 'Only this status (NAME-ALLOCATED, ACCOUNT-CREATED, …).' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings export" name-prefix' -l 'name-prefix' -d 'Only account names starting with this.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings export" format' -l 'format' -d 'jsonl or csv (default: from --file\'s name, else jsonl).' -rfka 'jsonl csv'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings export" file' -l 'file' -d 'Write to this file instead of stdout.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings export" force' -l 'force' -d 'Replace --file when it exists already.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings export" version' -l 'version' -d 'Show the version.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings export" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings import" profile' -l 'profile' -d 'AWS profile from the shared config and credentials files.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings import" region' -l 'region' -d 'AWS region.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings import" endpoint-url' -l 'endpoint-url' -d 'Send every AWS call to this URL instead of AWS\'s endpoints.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings import" config' -l 'config' -d 'Config file to read (default: $XDG_CONFIG_HOME/rootmail/config.toml).' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings import" o output' -s 'o' -l 'output' -d 'Output format: table, json or text (default: table on a terminal, text when piped).' -rfka 'table json text'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings import" v verbose' -s 'v' -l 'verbose' -d 'Log what is done to stderr.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings import" debug' -l 'debug' -d 'Log everything, requests included, to stderr (secrets are never printed).'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings import" no-color' -l 'no-color' -d 'Print no colour (also with NO_COLOR set).'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings import" format' -l 'format' -d 'jsonl or csv (default: from the file\'s name, else jsonl).' -rfka 'jsonl csv'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings import" overwrite' -l 'overwrite' -d 'Replace mappings whose address exists already.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings import" version' -l 'version' -d 'Show the version.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings import" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings init-table" profile' -l 'profile' -d 'AWS profile from the shared config and credentials files.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings init-table" region' -l 'region' -d 'AWS region.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings init-table" endpoint-url' -l 'endpoint-url' -d 'Send every AWS call to this URL instead of AWS\'s endpoints.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings init-table" config' -l 'config' -d 'Config file to read (default: $XDG_CONFIG_HOME/rootmail/config.toml).' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings init-table" o output' -s 'o' -l 'output' -d 'Output format: table, json or text (default: table on a terminal, text when piped).' -rfka 'table json text'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings init-table" v verbose' -s 'v' -l 'verbose' -d 'Log what is done to stderr.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings init-table" debug' -l 'debug' -d 'Log everything, requests included, to stderr (secrets are never printed).'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings init-table" no-color' -l 'no-color' -d 'Print no colour (also with NO_COLOR set).'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings init-table" version' -l 'version' -d 'Show the version.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail mappings init-table" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail vend" profile' -l 'profile' -d 'AWS profile from the shared config and credentials files.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail vend" region' -l 'region' -d 'AWS region.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail vend" endpoint-url' -l 'endpoint-url' -d 'Send every AWS call to this URL instead of AWS\'s endpoints.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail vend" config' -l 'config' -d 'Config file to read (default: $XDG_CONFIG_HOME/rootmail/config.toml).' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail vend" o output' -s 'o' -l 'output' -d 'Output format: table, json or text (default: table on a terminal, text when piped).' -rfka 'table json text'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail vend" v verbose' -s 'v' -l 'verbose' -d 'Log what is done to stderr.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail vend" debug' -l 'debug' -d 'Log everything, requests included, to stderr (secrets are never printed).'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail vend" no-color' -l 'no-color' -d 'Print no colour (also with NO_COLOR set).'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail vend" strategy' -l 'strategy' -d 'uuid (<prefix>+<random hex>@domain) or name (<bu>-<app>-<env>-<NNN>@domain).' -rfka 'uuid name'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail vend" owner' -l 'owner' -d 'Who reads this account\'s root mail (required).' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail vend" account-type' -l 'account-type' -d 'One of the configured account_types.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail vend"' -l 'tag' -d 'A tag to store with the mapping (repeatable).' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail vend" business-unit' -l 'business-unit' -d 'Business unit (name strategy).' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail vend" application' -l 'application' -d 'Application name (name strategy).' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail vend" environment' -l 'environment' -d 'Environment: PRODUCTION, DEVELOPMENT, … (name strategy; default eval).' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail vend" account-name' -l 'account-name' -d 'Use this account name (it takes no counter).' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail vend" email' -l 'email' -d 'Use this address instead of a generated one.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail vend" random-length' -l 'random-length' -d 'Random hex characters of uuid addresses (at least 8).' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail vend" request' -l 'request' -d 'A JSON request in aws-account-factory-email\'s shape (- for stdin).' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail vend" from-file' -l 'from-file' -d 'Vend one address per JSON line of this file.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail vend" dry-run' -l 'dry-run' -d 'Show what would be vended; write nothing.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail vend" create-account' -l 'create-account' -d 'Also create the AWS account with AWS Organizations and wait for it.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail vend" version' -l 'version' -d 'Show the version.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail vend" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail help" version' -l 'version' -d 'Show the version.'