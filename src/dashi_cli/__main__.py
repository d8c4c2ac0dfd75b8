from dashi_cli.cli import main

main()
