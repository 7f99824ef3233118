#!/bin/sh
# make-binary.sh: (re)creates the reader corpora whose bytes an editor or
# git could change: a UTF-8 byte order mark, CRLF line ends, tabs.  POSIX
# sh, printf and sed only.  In the texts below, "⇥" stands for a tab and a
# line ending in "@LF@" for a bare LF inside a quoted CSV field (every
# other line end of a CRLF file becomes CRLF).
#
#     sh tests/readers/make-binary.sh [DIR]     (default: this folder)
#
# tests/check-readers.sh runs it into a temporary folder and compares the
# result with the committed files.
set -eu
cd "$(dirname "$0")"
out=${1:-.}
cr=$(printf '\r')
tab=$(printf '\t')

bom() { printf '\357\273\277'; }
# tabs: "⇥" -> tab
tabs() { sed "s/⇥/$tab/g"; }
# crlf: every line end CRLF, except lines ending in @LF@ (LF, marker dropped)
crlf() { sed -e "/@LF@\$/!s/\$/$cr/" -e 's/@LF@$//'; }

# --- markdown: no level-1 heading, bold questions; BOM + CRLF ---
{ bom; crlf <<'EOF'
## Queries

### Filtering and grouping

**What is the difference between WHERE and HAVING?**

`WHERE` filters rows before they are grouped and `HAVING` filters the
groups after `GROUP BY`, so only `HAVING` can test an aggregate.

```sql
SELECT customer_id, count(*) AS paid_orders
FROM orders
WHERE status = 'paid'
GROUP BY customer_id
HAVING count(*) > 5;
```

**Why does `WHERE email = NULL` never match a row?**

A comparison with `NULL` is neither true nor false but unknown, and `WHERE`
keeps only the rows where the condition is true. Test with `IS NULL`, or
with `IS NOT DISTINCT FROM` to compare two values that may both be `NULL`.

**What is the difference between COUNT(*) and COUNT(column)?**

`COUNT(*)` counts rows; `COUNT(column)` counts the rows where that column
is not `NULL`.

### Joins

**What is the difference between an INNER JOIN and a LEFT JOIN?**

An inner join keeps only the pairs of rows that match. A left join also
keeps every row of the left table that has no match, with `NULL` in the
columns of the right one.

**How do you find the customers who have never placed an order?**

With an anti-join, either form is fine and PostgreSQL plans both the same:

```sql
SELECT c.id FROM customers c
WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id);

SELECT c.id FROM customers c
LEFT JOIN orders o ON o.customer_id = c.id
WHERE o.id IS NULL;
```

Avoid `NOT IN (SELECT customer_id ...)`: a single `NULL` in the subquery
makes it return no rows.

What is a LATERAL join used for?

For a subquery that refers to columns of the tables before it, such as the
three latest orders of each customer:

```sql
SELECT c.id, o.id, o.created_at
FROM customers c
CROSS JOIN LATERAL (
    SELECT id, created_at FROM orders
    WHERE customer_id = c.id
    ORDER BY created_at DESC
    LIMIT 3
) o;
```

## Performance

### Indexes

**When does PostgreSQL not use an index that exists?**

When the planner estimates that a sequential scan is cheaper (the query
reads a large part of the table), when the condition applies a function to
the column (`lower(email) = ...` needs an index on `lower(email)`), when
the types differ, or when the statistics are out of date (`ANALYZE`).

**What is the N+1 query problem, and how do you fix it in Go code?**

One query loads a list and then one more query runs for each row. Load the
related rows in one query instead:

```go
rows, err := db.QueryContext(ctx,
    `SELECT id, order_id, sku FROM items WHERE order_id = ANY($1)`,
    pq.Array(orderIDs))
```

### Query plans

**What does EXPLAIN ANALYZE show that EXPLAIN does not?**

`EXPLAIN` prints the plan with the planner's estimates. `EXPLAIN ANALYZE`
runs the query and adds the real row counts and times of every node (and
with `BUFFERS`, the pages read), so wrong estimates show up. It really
executes the statement: wrap an `UPDATE` in a transaction you roll back.

**What is the difference between a Seq Scan and an Index Scan?**

A sequential scan reads the whole table in order. An index scan walks the
index and fetches the matching rows from the table one by one, which wins
when few rows match; a bitmap scan sits in between.
EOF
} >"$out/sql-bold-questions.md"

# --- qa: Вопрос:/Ответ:, headings as plain lines; BOM + CRLF ---
{ bom; crlf <<'EOF'
Собеседование: SQL и PostgreSQL

Основы SQL
Запросы
Вопрос: Чем WHERE отличается от HAVING?
Ответ: WHERE фильтрует строки до группировки, HAVING — группы после
GROUP BY, поэтому агрегатные функции можно проверять только в HAVING.

Вопрос: Чем UNION отличается от UNION ALL?
Ответ: UNION убирает повторяющиеся строки (для этого сортирует или хеширует
результат), UNION ALL просто склеивает наборы и потому быстрее.

Вопрос: Что вернёт LEFT JOIN для строки слева,
у которой нет пары в правой таблице?
Ответ: Эту строку, а во всех колонках правой таблицы будет NULL. Так ищут
записи без пары:

    SELECT c.id
    FROM customers c
    LEFT JOIN orders o ON o.customer_id = c.id
    WHERE o.id IS NULL;

Тот же результат даёт NOT EXISTS, обычно с тем же планом.

Ключи и ограничения:
Вопрос: Чем PRIMARY KEY отличается от UNIQUE?
Ответ: Первичный ключ в таблице один, и его колонки NOT NULL. Ограничений
UNIQUE может быть сколько угодно, и NULL в них допускается: в PostgreSQL
два NULL не считаются равными, если не указать NULLS NOT DISTINCT.

Вопрос: Зачем нужен внешний ключ и что делает ON DELETE CASCADE?
Ответ: Внешний ключ не даёт сослаться на несуществующую строку и удалить
строку, на которую ссылаются. ON DELETE CASCADE вместо ошибки удаляет и
ссылающиеся строки.

PostgreSQL
Транзакции
Вопрос: Какие аномалии предотвращает уровень Repeatable Read в PostgreSQL?
Ответ: Грязное и неповторяемое чтение, а также фантомы: транзакция видит
снимок данных на момент первого запроса. Аномалию сериализации
(write skew) он не предотвращает, для этого нужен Serializable.

Вопрос: Что такое MVCC?
Ответ: Многоверсионность: UPDATE создаёт новую версию строки, а старая
остаётся, пока её могут видеть другие транзакции. Читатели не блокируют
писателей и наоборот, а старые версии потом убирает VACUUM.

Вопрос: Почему долгая транзакция вредит всей базе?
Ответ: Пока она открыта, VACUUM не может удалить версии строк, которые
она ещё может увидеть: таблицы и индексы раздуваются, запросы замедляются.

Индексы:
Вопрос: Когда нужен частичный индекс?
Ответ: Когда запросы почти всегда фильтруют по одному условию, например
по активным заказам:

    CREATE INDEX orders_active_idx ON orders (created_at)
        WHERE status = 'active';

Такой индекс меньше и быстрее обновляется.

Вопрос: Что делает CREATE INDEX CONCURRENTLY?
Ответ: Строит индекс, не блокируя запись в таблицу; работает дольше и не
может выполняться внутри транзакции.

Вопрос: Что такое GIN-индекс и для чего он подходит?
EOF
} >"$out/sql-vopros-otvet.txt"

# --- list: a Google Docs / Notion paste; "•", "–", "—" bullets, tabs,
# smart quotes; BOM + CRLF ---
{ bom; tabs <<'EOF' | crlf
Собеседование Go — middle (вставлено из Google Docs)

Горутины и каналы
•⇥Что такое горутина и чем она отличается от потока ОС?
    ◦ Лёгкий поток выполнения, которым управляет рантайм Go, а не ядро.
    ◦ Стек начинается с 2 КБ и растёт по мере надобности; тысячи горутин работают на нескольких потоках ОС.
•⇥Что произойдёт при чтении из закрытого канала?
    ◦ Сначала вернутся значения, оставшиеся в буфере, затем нулевое значение и ok == false; чтение не блокируется.
•⇥Как «правильно» остановить горутину извне?
    ◦ Передать ей context.Context и выходить, когда закрыт ctx.Done().
•⇥Чем sync.Mutex отличается от sync.RWMutex?


Ошибки
–⇥Чем errors.Is отличается от errors.As?
    ◦ errors.Is сравнивает с конкретным значением по всей цепочке обёрток, errors.As ищет ошибку нужного типа и присваивает её переменной.
–⇥Зачем оборачивать ошибки через %w, а не через %v?
    ◦ %w сохраняет исходную ошибку в цепочке, и её находят errors.Is и errors.As; с %v остаётся только текст.
–⇥Когда в Go уместна паника?
    ◦ Для ошибок программиста и нарушенных инвариантов, которые нельзя обработать; для ожидаемых ошибок — error.

HTTP и API
— What’s the difference between “context.WithTimeout” and “context.WithDeadline”?
    ◦ None in effect: WithTimeout(ctx, d) is WithDeadline(ctx, time.Now().Add(d)).
— Как передать request ID через все слои сервиса?
    ◦ Положить его в context.Context в middleware и доставать в логгере и в клиентах исходящих запросов.
— Почему тело запроса (r.Body) нельзя прочитать дважды?
    ◦ Это поток из соединения: после чтения он исчерпан. Чтобы прочитать снова, тело сохраняют через io.ReadAll и подменяют r.Body на io.NopCloser(bytes.NewReader(b)).
EOF
} >"$out/notion-paste.txt"

# --- csv: header, quoted fields with commas, "" and newlines, Go code;
# CRLF between records and LF inside fields, as Python's csv module writes ---
crlf <<'EOF' >"$out/go-cards.csv"
question,answer,tags
"What does the ""comma ok"" idiom do?","It tells a missing value from a zero value: v, ok := m[key] for maps, v, ok := x.(T) for type assertions and v, ok := <-ch for channels.",go idioms
What is an empty struct used for?,"struct{} takes no memory, so map[string]struct{} is a set and chan struct{} carries only a signal.",go types
How do you run a function with a timeout?,"Run it in a goroutine and select on its result and the context:@LF@
@LF@
```go@LF@
ctx, cancel := context.WithTimeout(ctx, 2*time.Second)@LF@
defer cancel()@LF@
select {@LF@
case res := <-done:@LF@
    return res, nil@LF@
case <-ctx.Done():@LF@
    return nil, ctx.Err()@LF@
}@LF@
```@LF@
@LF@
Make done buffered (make(chan result, 1)) so the goroutine can finish after a timeout.",go concurrency
What is the difference between a method with a value receiver and one with a pointer receiver?,"A pointer receiver can change the value and avoids copying it; the method set of T has only the value-receiver methods, while *T has both.",go types
Why does Go have no exceptions?,"Errors are values returned like any other result, so the failure paths are visible in the code; panic is reserved for bugs.",go errors
"What does ""go mod tidy"" do?","It adds the modules the code imports but go.mod lacks, removes the ones nothing imports, and updates go.sum.",go tooling
How do you embed files into a Go binary?,"With the embed package and a //go:embed directive above a string, []byte or embed.FS variable:@LF@
@LF@
```go@LF@
//go:embed templates/*.html@LF@
var templates embed.FS@LF@
```",go tooling
What are generics type constraints?,"Interfaces that list the types or methods a type parameter allows, such as constraints.Ordered or ~int | ~float64.",go generics
When should a function accept an interface and return a struct?,"Accepting a small interface lets callers pass any implementation and makes tests easy; returning the concrete type keeps all its methods available to the caller.",go design
What does the -race flag cost?,"Programs run about 2-20 times slower and use 5-10 times more memory, so it is for tests and staging, not production.",go tooling
EOF

# --- csv: Excel (Russian locale) "CSV UTF-8": BOM, ';', CRLF, LF in cells ---
{ bom; crlf <<'EOF'
вопрос;ответ;раздел;группа
Что такое горутина?;"Функция, выполняемая конкурентно и управляемая рантаймом Go; стартовый стек — 2 КБ.";Конкурентность;Горутины
Как дождаться завершения нескольких горутин?;"sync.WaitGroup: Add перед запуском, Done в конце горутины, Wait в ожидающей. Или errgroup.Group, если нужна первая ошибка:@LF@
@LF@
    g, ctx := errgroup.WithContext(ctx)@LF@
    g.Go(func() error { return fetch(ctx, url) })@LF@
    err := g.Wait()";Конкурентность;Горутины
Что такое утечка горутин и как её найти?;"Горутина, которая заблокирована навсегда (например, на отправке в канал, который никто не читает). Искать — по росту runtime.NumGoroutine, через профиль goroutine в pprof и пакет goleak в тестах.";Конкурентность;Горутины
Чем буферизованный канал отличается от небуферизованного?;"Отправка в небуферизованный канал ждёт получателя; в буферизованный — только когда буфер заполнен.";Конкурентность;Каналы
Зачем в select ветка default?;"Если ни один case не готов, сразу выполняется default: так делают неблокирующую отправку или чтение.";Конкурентность;Каналы
Кто должен закрывать канал?;"Отправитель, и только когда получателям нужно знать, что значений больше не будет. Закрытие со стороны получателя грозит паникой «send on closed channel».";Конкурентность;Каналы
Как сравнить ошибку с sentinel-ошибкой?;"errors.Is(err, io.EOF), а не err == io.EOF: сравнение через == не видит обёрнутые ошибки.";Ошибки;Обработка ошибок
Как создать собственный тип ошибки?;"Любой тип с методом Error() string. Чтобы достать его из цепочки, используют errors.As:@LF@
@LF@
    var nf *NotFoundError@LF@
    if errors.As(err, &nf) { ... }";Ошибки;Обработка ошибок
Что делает recover?;Останавливает панику и возвращает её значение, но только при вызове прямо из отложенной функции.;Ошибки;Паники
Паникует ли программа, если паника случилась в другой горутине?;"Да: необработанная паника в любой горутине завершает всю программу, recover в main её не поймает.";Ошибки;Паники
EOF
} >"$out/ru-excel-semicolon.csv"

# --- tsv: header (front, back, category, tags) ---
tabs <<'EOF' >"$out/kubernetes.tsv"
front⇥back⇥category⇥tags
What is a Pod?⇥The smallest deployable unit: one or more containers sharing a network namespace and volumes, scheduled together on one node.⇥Workloads⇥k8s pods
What does a Deployment add on top of a ReplicaSet?⇥Rolling updates and rollbacks: it creates a new ReplicaSet for each change of the pod template and moves replicas to it gradually.⇥Workloads⇥k8s deployments
When do you use a StatefulSet instead of a Deployment?⇥When replicas need a stable identity and their own storage: stable names (db-0, db-1), ordered start and stop, and a PersistentVolumeClaim per replica.⇥Workloads⇥k8s statefulsets
What is a DaemonSet for?⇥Running one pod on every node (or on a chosen set of nodes), for node agents such as log collectors and CNI plugins.⇥Workloads⇥k8s
How does a Service find its pods?⇥Through a label selector; the endpoints controller keeps the list of ready pod addresses that match it.⇥Networking⇥k8s services
What is the difference between ClusterIP, NodePort and LoadBalancer?⇥ClusterIP is reachable inside the cluster only; NodePort also opens a port on every node; LoadBalancer also provisions an external load balancer in front of the node ports.⇥Networking⇥k8s services
What does a NetworkPolicy do?⇥It limits which pods may connect to which, by labels, namespaces and ports; it needs a CNI plugin that enforces it.⇥Networking⇥k8s security
What is the difference between a ConfigMap and a Secret?⇥Both hold key-value configuration; Secrets are meant for sensitive data, are base64-encoded (not encrypted unless encryption at rest is on) and can be restricted by RBAC separately.⇥Configuration⇥k8s config
How can a pod read a ConfigMap?⇥As environment variables or as files in a mounted volume; mounted files are updated when the ConfigMap changes, variables are not.⇥Configuration⇥k8s config
What is the difference between requests and limits?⇥Requests are what the scheduler reserves for the container; limits are the maximum, enforced by CPU throttling and by the OOM killer for memory.⇥Configuration⇥k8s resources
EOF

# --- tsv: no header, Russian; BOM + CRLF ---
{ bom; tabs <<'EOF' | crlf
Что такое CAP-теорема?⇥При сетевом разделении распределённая система сохраняет либо согласованность, либо доступность.
Чем горизонтальное масштабирование отличается от вертикального?⇥Вертикальное — более мощная машина, горизонтальное — больше машин за балансировщиком.
Что такое шардирование?⇥Разделение данных между узлами по ключу, чтобы каждый узел хранил и обслуживал только свою часть.
Зачем нужна репликация?⇥Для отказоустойчивости и масштабирования чтения: копии данных на нескольких узлах.
Что такое идемпотентность операции?⇥Повторное выполнение даёт тот же результат, что и однократное.
Чем очередь сообщений отличается от топика в pub/sub?⇥Сообщение из очереди получает один потребитель, сообщение топика — каждый подписчик.
Что такое circuit breaker?⇥Паттерн, который после серии ошибок временно перестаёт вызывать сбойный сервис и сразу возвращает ошибку.
Зачем нужен rate limiter?⇥Чтобы ограничить число запросов от клиента за интервал и защитить сервис от перегрузки.
Что такое eventual consistency?⇥Реплики могут временно расходиться, но без новых записей со временем приходят к одному состоянию.
Чем отличается at-least-once от exactly-once доставки?⇥At-least-once допускает повторы, поэтому обработчик должен быть идемпотентным; exactly-once требует дедупликации или транзакций.
Что такое консистентное хеширование?⇥Ключи и узлы размещаются на кольце, и при добавлении узла переезжает лишь малая часть ключей.
EOF
} >"$out/ru-no-header.tsv"

# --- Anki "Notes in Plain Text" export: front, back (HTML), tags ---
tabs <<'EOF' >"$out/anki-go-export.txt"
#separator:tab
#html:true
#tags column:3
What is a goroutine?⇥A function running concurrently, scheduled by the Go runtime on a few OS threads.<br>It starts with a <b>2&nbsp;KB</b> stack that grows as needed.⇥go concurrency
What does <code>close(ch)</code> do to receivers?⇥They get the remaining buffered values, then the zero value with <code>ok == false</code>.<br><br>A <b>send</b> on a closed channel panics.⇥go channels
What is the zero value of a map, and can you write to it?⇥<div>It is <code>nil</code>.</div><div>Reading from a nil map returns zero values; writing to it <i>panics</i>.</div>⇥go maps
How do you read from a channel with a timeout?⇥"<div>With <code>select</code>:</div><pre><code class=""language-go"">select {
case v := &lt;-ch:
    use(v)
case &lt;-time.After(time.Second):
    return errTimeout
}</code></pre>"⇥go channels
What does <b>defer</b> evaluate immediately?⇥The arguments of the deferred call; the call itself runs when the function returns, in LIFO order.⇥go basics
Why can a nil pointer stored in an interface be != nil?⇥An interface value is a (type, value) pair; with the type set, the interface is not nil even when the pointer is.⇥go interfaces
What is the difference between len and cap of a slice?⇥<code>len</code> is the number of elements in use; <code>cap</code> is how many fit in the underlying array before <code>append</code> must reallocate.⇥go slices
How are strings and &quot;runes&quot; related in Go?⇥A string is a read-only sequence of bytes, usually UTF-8; a rune is an <code>int32</code> code point, and <code>for range</code> over a string yields runes.⇥go strings
What does the &amp;&amp; operator do when the left side is false?⇥It does not evaluate the right side (short-circuit evaluation).⇥go basics
What is struct embedding?⇥Putting a type in a struct without a field name: its fields and methods are promoted to the outer struct. It is composition, not inheritance.⇥go types
EOF

# --- Anki export with guid, note type and deck columns (Anki 2.1.55+) ---
tabs <<'EOF' >"$out/anki-deck-export.txt"
#separator:tab
#html:true
#guid column:1
#notetype column:2
#deck column:3
#tags column:6
bH2kq9Lp7x⇥Basic⇥Go Interview::Concurrency::Channels⇥What happens when you send on a nil channel?⇥It blocks forever; in a <code>select</code> such a case is never chosen.⇥go channels
tW5mZ0aQ1r⇥Basic⇥Go Interview::Concurrency::Channels⇥Can you close a channel twice?⇥No: the second <code>close</code> panics, and so does closing a nil channel.⇥go channels
Kc8vN3sD6e⇥Basic⇥Go Interview::Concurrency::Channels⇥How do you range over a channel?⇥<code>for v := range ch { ... }</code> receives until the channel is closed and drained.⇥go channels
p4Ry7UhG2w⇥Basic⇥Go Interview::Concurrency::Sync⇥What is sync.Cond for?⇥Waiting for a condition on shared state: goroutines call <code>Wait</code> in a loop and others <code>Signal</code> or <code>Broadcast</code> after changing it.⇥go sync
Ja1Xs6Fk9m⇥Basic⇥Go Interview::Concurrency::Sync⇥What does the sync/atomic package offer?⇥Lock-free operations on single values: <code>atomic.Int64</code>, <code>atomic.Pointer[T]</code>, compare-and-swap.⇥go sync
Ld0Qe5Wz3n⇥Basic⇥Go Interview::Concurrency::Sync⇥Why must a sync.Mutex not be copied?⇥A copy carries the lock state with it; <code>go vet</code> reports copies of values that contain a <code>Mutex</code>.⇥go sync
Vy9Bc2Hj4t⇥Basic⇥Go Interview::Errors::Wrapping⇥How do you wrap an error with context?⇥<code>fmt.Errorf("open %s: %w", name, err)</code>; the <code>%w</code> verb keeps <code>err</code> in the chain.⇥go errors
Nf6Tg1Ko8s⇥Basic⇥Go Interview::Errors::Wrapping⇥Can one error wrap several errors?⇥Yes, since Go 1.20: <code>errors.Join</code> or several <code>%w</code> verbs in one <code>fmt.Errorf</code>.⇥go errors
Rm3Pd7Ya5c⇥Basic⇥Go Interview::Errors::Panics⇥What does recover return when there is no panic?⇥<code>nil</code>. It stops a panic only when called directly by a deferred function.⇥go errors panics
Ek8Sw4Ux0b⇥Basic⇥Go Interview::Errors::Panics⇥Does a deferred call run when the program calls os.Exit?⇥No: <code>os.Exit</code> ends the process at once, without running deferred calls.⇥go errors
EOF
