from omgoerelse.cli import main

raise SystemExit(main())
