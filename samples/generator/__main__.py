from samples.generator.cli import main

raise SystemExit(main())
